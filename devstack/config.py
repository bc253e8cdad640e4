"""Where the stack keeps its state and which ports it uses; read once, from the environment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("DEVSTACK_VAR_DIR") or ROOT / "var").resolve()
ENV_FILE = VAR / "devstack.env"
PG_PORT = int(os.environ.get("EMBEDDED_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "63799"))
