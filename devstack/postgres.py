"""The embedded PostgreSQL: pgserver's binaries, a cluster under var/postgres, run as a non-root user."""

from __future__ import annotations

import functools
import hashlib
import os
import pwd
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

from devstack.config import PG_PORT, VAR
from devstack.system import alive, log, port_in_use, read_int, tail

with warnings.catch_warnings():
    # pgserver asks platformdirs for a runtime dir at import time, which warns
    # when XDG_RUNTIME_DIR is unset (root shells, containers); we never use it.
    warnings.simplefilter("ignore")
    from pgserver import _commands as pg
    from pgserver.utils import ensure_folder_permissions, ensure_user_exists

PG_SYSTEM_USER = "pgserver"  # the user pgserver itself runs postgres as under root


@functools.cache
def _pg_account() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root: then run it as pgserver's system user."""
    if os.geteuid() != 0:
        return None
    account = ensure_user_exists(PG_SYSTEM_USER)
    # That user must be able to run the binaries, e.g. from a venv under /root or
    # one installed with umask 077; pgserver does the same, bar the wheel's libs.
    pginstall = pg.POSTGRES_BIN_PATH.parent
    _allow_traversal(pginstall / "bin")
    ensure_folder_permissions(pginstall / "bin", 0o055)  # r+x for group and others
    for folder in (pginstall / "lib", pginstall / "share", *pginstall.parents[1].glob("pgserver*.libs")):
        ensure_folder_permissions(folder, 0o044)
    return account


def _as(account: pwd.struct_passwd | None) -> dict[str, Any]:
    """subprocess arguments that run a command as `account` (None: as ourselves)."""
    if account is None:
        return {}
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _allow_traversal(path: Path) -> None:
    """Give "others" search (x) permission on every ancestor of `path`.

    pgserver adds r+x; x alone lets the postgres user reach var/ inside a
    mode-700 home such as /root without letting anyone list its contents.
    """
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


def _can_write(account: pwd.struct_passwd, path: Path) -> bool:
    probe = subprocess.run(["test", "-w", str(path)], check=False, **_as(account))
    return probe.returncode == 0


def _pg_homes() -> tuple[Path, Path]:
    """Where data/, run/ and the log live: var/postgres, or, only if the postgres
    user cannot be let into var/ (e.g. a root-squashed network home), /var/tmp."""
    fallback = f"clinic-devstack-{hashlib.sha256(bytes(VAR)).hexdigest()[:10]}"
    # /var/tmp (bandit B108): development-only embedded PostgreSQL, only when var/ is out of its reach.
    return VAR / "postgres", Path("/var/tmp") / fallback  # nosec B108


def _pg_home(account: pwd.struct_passwd | None) -> Path:
    """Make the home for a new server, owned by the user that will run it."""
    home = VAR / "postgres"
    home.mkdir(parents=True, exist_ok=True)
    if account is None:
        return home
    for candidate in _pg_homes():
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            os.chown(candidate, account.pw_uid, account.pw_gid)
            candidate.chmod(0o700)
            _allow_traversal(candidate)
        except OSError:
            continue
        if _can_write(account, candidate):
            if candidate != home:
                log(f"{PG_SYSTEM_USER} cannot reach {home}; using {candidate}")
            return candidate
    raise SystemExit(f"devstack: user {PG_SYSTEM_USER} cannot reach {home}")


def _pg_running_port(data: Path) -> int | None:
    """The port of the postmaster running on `data`, None if there is none."""
    pid = read_int(data / "postmaster.pid", 0)
    if pid is None or not alive(pid, "postgres"):
        return None
    return read_int(data / "postmaster.pid", 3)


def _psql(port: int, sql: str) -> str:
    psql = str(pg.POSTGRES_BIN_PATH / "psql")
    command = [psql, f"postgres://postgres@127.0.0.1:{port}/postgres", "-tAXc", sql]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return result.stdout.strip()


def _running_pg_data() -> Path | None:
    """The data directory of our running postmaster, if one is running."""
    for home in _pg_homes():
        if _pg_running_port(home / "data") is not None:
            return home / "data"
    return None


def start_postgres() -> tuple[str, bool]:
    """Start PostgreSQL unless running; return its URL and whether we started it."""
    account = _pg_account()
    running = _running_pg_data()
    home = running.parent if running else _pg_home(account)
    data, run_dir, logfile = home / "data", home / "run", home / "postgres.log"
    port = _pg_running_port(data)
    started = port is None
    if port is None:
        port = PG_PORT
        if port_in_use(port):
            raise SystemExit(f"devstack: port {port} is taken; set EMBEDDED_PG_PORT")
        for directory in (data, run_dir):
            directory.mkdir(mode=0o700, exist_ok=True)
            if account is not None:
                os.chown(directory, account.pw_uid, account.pw_gid)
        # cwd: the postgres user may not be allowed into ours.
        as_user = {**_as(account), "cwd": home}
        if not (data / "PG_VERSION").exists():
            log(f"initialising a PostgreSQL cluster in {data}")
            initdb = ["--auth=trust", "-E", "UTF8", "--no-locale", "-U", "postgres"]
            try:
                pg.initdb(initdb, pgdata=data, **as_user)
            except (OSError, subprocess.CalledProcessError) as error:
                raise SystemExit(f"devstack: initdb failed ({error}); output above") from None
        # Unix socket paths are limited to ~107 bytes: a deep var/ goes without one.
        socket_dir = run_dir if len(str(run_dir)) < 85 else ""
        options = f"-h 127.0.0.1 -p {port} -k '{socket_dir}'"
        ctl_args = ["-w", "-t", "60", "-l", str(logfile), "-o", options, "start"]
        try:
            pg.pg_ctl(ctl_args, pgdata=data, **as_user)
        except subprocess.CalledProcessError:
            sys.stderr.write(tail(logfile))
            raise SystemExit(f"devstack: PostgreSQL failed; see {logfile}") from None
    if not _psql(port, "SELECT 1 FROM pg_database WHERE datname = 'clinic'"):
        _psql(port, "CREATE DATABASE clinic")
    state = "started" if started else "already running"
    log(f"PostgreSQL {state} on 127.0.0.1:{port} (data in {data})")
    return f"postgres://postgres@127.0.0.1:{port}/clinic", started


def postgres_running() -> bool:
    return _running_pg_data() is not None


def stop_postgres() -> bool:
    """Stop the embedded PostgreSQL if it is running; return whether it was."""
    data = _running_pg_data()
    if data is None:
        return False
    # pg_ctl refuses to run as root, so stop it as the user that runs it.
    stop = ["-w", "-m", "fast", "stop"]
    pg.pg_ctl(stop, pgdata=data, cwd=data.parent, **_as(_pg_account()))
    log("PostgreSQL stopped")
    return True
