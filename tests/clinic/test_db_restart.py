"""A PostgreSQL restart under steady traffic costs no request (persistent connections, health checks, retries).

The test's own embedded PostgreSQL (devstack's, on a free port and a temporary directory) serves a
gunicorn running clinic.wsgi; while four clients request a page that reads the database, the server is
stopped (fast shutdown: every connection dropped) and started again.
"""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
# The clinic's home page: prices, texts, questions and artists read from the database on every request (the
# booking page no longer is: signed-out visitors share one rendering per calendar version, from the cache).
PAGE = "/"


def run(args: list[str], env: dict[str, str], timeout: int = 300) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def embedded_postgres(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"DEVSTACK_VAR_DIR": str(tmp_path / "var"), "EMBEDDED_PG_PORT": str(free_port())}
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")  # set: devstack starts no Redis of its own
    run([sys.executable, "-m", "devstack", "up"], env)
    try:
        yield env | {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{env['EMBEDDED_PG_PORT']}/clinic"}
    finally:
        run([sys.executable, "-m", "devstack", "down"], env)


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the clients made too few requests"
        time.sleep(0.1)


def restart(env: dict[str, str]) -> None:
    code = "from devstack.postgres import start_postgres, stop_postgres; stop_postgres(); start_postgres()"
    run([sys.executable, "-c", code], env)


@pytest.fixture
def live_server_on(embedded_postgres, tmp_path):
    env = embedded_postgres | {"DJANGO_SETTINGS_MODULE": "clinic.settings.local", "DEBUG": "false"}
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    log = tmp_path / "gunicorn.log"
    # A file, not a pipe nobody reads until the end: one log line per request would fill a pipe and stall it.
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [gunicorn, "clinic.wsgi", "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}{PAGE}"
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(url, timeout=5).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        yield url, embedded_postgres
    finally:
        server.terminate()
        server.wait(timeout=30)
        sys.stderr.write(log.read_text()[-6000:])  # shown if the test fails


def test_a_postgres_restart_costs_no_request(live_server_on):
    url, env = live_server_on
    statuses: Counter = Counter()
    spans: list[tuple[float, float]] = []  # each request's (sent, answered) on the monotonic clock
    stop = threading.Event()

    def steady_client() -> None:
        while not stop.is_set():
            sent = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
                    statuses[response.status] += 1
            except urllib.error.HTTPError as error:
                statuses[error.code] += 1
            except OSError as error:
                statuses[type(error).__name__] += 1
            spans.append((sent, time.monotonic()))

    clients = [threading.Thread(target=steady_client) for _ in range(4)]
    for thread in clients:
        thread.start()
    try:
        answered = lambda: sum(statuses.values())  # noqa: E731
        wait_until(lambda: answered() >= 20)  # the server threads hold persistent connections by now
        down_from = time.monotonic()
        restart(env)
        up_at = time.monotonic()
        after = answered()
        wait_until(lambda: answered() >= after + 20)  # and traffic goes on afterwards
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=60)
    # Requests were in flight while it restarted (sent before it was up again, answered after it went down).
    assert [span for span in spans if span[0] < up_at and span[1] > down_from]
    assert set(statuses) == {200}, statuses
