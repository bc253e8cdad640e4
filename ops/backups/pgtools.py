"""Which pg_dump / pg_restore to run, and how to point them at the database without a password on the command line."""

import functools
import glob
import importlib
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

from django.conf import settings
from django.db import connection

from .errors import BackupError


def libpq_environment() -> dict[str, str]:
    """The connection as libpq variables (PGHOST, PGPASSWORD …): `ps` shows none of them."""
    db = connection.settings_dict
    values = {
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db["PORT"]) if db.get("PORT") else "",
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


@functools.cache
def tool_major(path: str) -> int | None:
    """The major version `path --version` reports ("pg_dump (PostgreSQL) 15.20 …" → 15)."""
    try:
        # A PostgreSQL binary found on this machine (or PG_BIN_DIR); no shell, fixed arguments.
        result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match.group(1)) if match else None


def _candidate_dirs() -> list[Path]:
    dirs = [Path(found).parent for found in [shutil.which("pg_dump")] if found]
    dirs += [Path(found) for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"))]
    try:  # the embedded server of `make run` (a development requirement): its own binaries
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            commands = importlib.import_module("pgserver._commands")
        dirs.append(Path(commands.POSTGRES_BIN_PATH))
    except ImportError:
        pass
    return dirs


def find_tool(name: str, *, at_least: int) -> tuple[str, int]:
    """Path and major version of `name` (pg_dump, pg_restore): PG_BIN_DIR's, else the oldest one found that
    is at least `at_least` (a newer one reads an older server, never the other way round)."""
    dirs = [Path(settings.PG_BIN_DIR)] if settings.PG_BIN_DIR else _candidate_dirs()
    seen = []
    for directory in dirs:
        path = str(directory / name)
        major = tool_major(path) if os.access(path, os.X_OK) else None
        if major is not None:
            seen.append((major, path))
    fitting = sorted(found for found in seen if found[0] >= at_least)
    if fitting:
        return fitting[0][1], fitting[0][0]
    found = ", ".join(f"{path} ({major})" for major, path in seen) or "none"
    raise BackupError(
        f"no {name} of PostgreSQL {at_least} or newer (found: {found}); install one or set PG_BIN_DIR to its directory"
    )
