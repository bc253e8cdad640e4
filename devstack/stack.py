"""Both servers together: `up` starts what the environment does not provide, `down` stops it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
from collections.abc import Iterator

from devstack.config import ENV_FILE, VAR
from devstack.postgres import postgres_running, start_postgres, stop_postgres
from devstack.redis import redis_running, start_redis, stop_redis
from devstack.system import log

# variable -> (start, is running, stop)
SERVERS = {
    "DATABASE_URL": (start_postgres, postgres_running, stop_postgres),
    "REDIS_URL": (start_redis, redis_running, stop_redis),
}


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Serialise up/down so that two terminals never start the same server twice."""
    VAR.mkdir(parents=True, exist_ok=True)
    with open(VAR / ".devstack.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


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


def down_uninterrupted(names: list[str]) -> None:
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
