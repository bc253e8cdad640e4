"""gunicorn under deploy/gunicorn.conf.py: the app's one JSON line per request, and no access log at all.

The access log is off (the app's own line has the request id and view, never a query string), and gunicorn
must not even build its access-log fields: with logconfig_dict set it would, for every request.
"""

import json
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta

from gunicorn.config import Config

from tests.helpers import free_port
from tests.test_deploy_env import ROOT, deploy_environment

CONF = ROOT / "deploy" / "gunicorn.conf.py"


def test_the_configured_logger_builds_no_access_log_fields(monkeypatch):
    logger_class = runpy.run_path(str(CONF))["logger_class"]
    config = Config()
    config.set("logconfig_dict", {"version": 1, "disable_existing_loggers": False})
    log = logger_class(config)

    def atoms(*args):
        raise AssertionError("the access log's fields were built")

    monkeypatch.setattr(log, "atoms", atoms)
    log.access(resp=None, req=None, environ={}, request_time=timedelta(milliseconds=3))


def test_gunicorn_writes_the_apps_request_lines_and_no_access_lines():
    port = free_port()
    environment = deploy_environment(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONF)],
        cwd=ROOT,
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        # Ready once the port takes connections (the master's socket); a request then waits for the worker.
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not listen")
        for probe in (1, 2):  # a slow machine may take seconds: a retried request would be a third line
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/?probe={probe}", timeout=60) as answer:
                assert answer.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "clinic.request"]
    assert [(r["method"], r["view"], r["status"]) for r in requests] == [("GET", "healthz", 200)] * 2
    assert all(len(r["request_id"]) == 32 for r in requests)
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]
    assert "probe=" not in stderr  # no line carries a query string
