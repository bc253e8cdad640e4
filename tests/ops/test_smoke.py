"""`manage.py smoke_test URL` against a live server: passes on a sound site, lists what fails on another."""

import json
import socket
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from ops.smoke import main
from tests.integration_support import celery_worker, wait_for
from tests.race.live import LiveServer

pytestmark = pytest.mark.django_db(transaction=True)
# What /health/ answers with Redis stopped and a failed message (ops/health/).
READINESS = {
    "database": {"status": "ok", "required": True},
    "cache": {"status": "down", "required": True, "error": "ConnectionError"},
    "outbox": {"status": "warn", "required": True, "failed_24h": 1},
}


def smoke(*args: str) -> tuple[str, bool]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("smoke_test", *args, stdout=out)
    except CommandError as failed:
        return out.getvalue() + f"\n{failed}", False
    return out.getvalue(), True


@pytest.fixture
def hardened_live_server(transactional_db, settings):
    """A live server whose security middleware was built with production's HTTPS settings.

    Its cache keys are under "clinic", as the worker's (clinic.settings.local) are: a readiness check
    reads the worker's heartbeat there.
    """
    cache = {"default": {**settings.CACHES["default"], "KEY_PREFIX": "clinic"}}
    https = {"SECURE_HSTS_SECONDS": 3600, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}
    with override_settings(CACHES=cache, **https):
        server = LiveServer()
        try:
            yield server
        finally:
            server.stop()


@pytest.mark.integration
def test_a_sound_site_passes(hardened_live_server, tmp_path):
    # A real worker and beat (dispatching every second), so a readiness check finds them alive.
    (tmp_path / "mail").mkdir()
    with celery_worker(mail_dir=tmp_path / "mail", beat=True, env={"REMINDER_DISPATCH_SECONDS": "1"}):
        health = f"{hardened_live_server.url}/health/"
        wait_for(lambda: status_of(health) in (200, 404), timeout=30, what="/health/ to answer 200 (or 404)")
        output, passed = smoke(hardened_live_server.url, "--as-https")
    assert passed, output
    for line in (
        "ok    GET /healthz/ (liveness)",
        "ok    GET /health/ (readiness)",
        "ok    GET /",
        "ok    GET /book/",
        "ok    GET /static/",
        "ok    DEBUG is off (404 page)",
    ):
        assert line in output
    assert output.rstrip().endswith("checks passed.")


def status_of(url: str) -> int:
    try:
        return urlopen(url, timeout=5).status  # noqa: S310 (loopback)
    except HTTPError as answer:
        return answer.code


def test_without_https_headers_it_fails_with_the_list(live_server):
    # The test settings send no HSTS: what a site that is not behind its TLS proxy looks like.
    output, passed = smoke(live_server.url)
    assert not passed
    assert "FAIL  GET /: no Strict-Transport-Security (HSTS) header" in output
    assert "checks failed:\n" in output and "\n  - GET /: no Strict-Transport-Security (HSTS) header" in output
    assert "smoke test failed" in output
    assert "ok    GET /healthz/ (liveness)" in output


def test_a_debug_page_fails(live_server, settings):
    settings.DEBUG = True
    output, passed = smoke(live_server.url)
    assert not passed
    assert "shows Django's DEBUG page: DEBUG is on" in output


def test_nothing_listening_fails_every_check_and_exits_non_zero(capsys):
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main([f"http://127.0.0.1:{port}"]) == 1
    output = capsys.readouterr().out
    assert "FAIL  GET /healthz/ (liveness): no answer" in output
    assert "ok  " not in output


def test_an_address_without_scheme_is_refused_clearly():
    with pytest.raises(CommandError, match="with http:// or https://"):
        call_command("smoke_test", "clinic.example")


def test_a_failing_readiness_check_is_reported_with_its_components(capsys):
    """A stand-in site whose /health/ answers 503 (as it does with Redis down) and pages without a stylesheet."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Site(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = {
                "/healthz/": (200, "ok"),
                "/health/": (503, json.dumps({"status": "down", "components": READINESS})),
            }.get(self.path, (200, "<html><title>Clinic</title></html>"))
            if self.path.startswith("/smoke-test-"):
                status = 404
            self.send_response(status)
            self.send_header("Strict-Transport-Security", "max-age=60")
            self.send_header("Content-Security-Policy", "default-src 'self'")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert main([f"http://127.0.0.1:{server.server_address[1]}"]) == 1
    finally:
        server.shutdown()
        server.server_close()
    output = capsys.readouterr().out
    assert "FAIL  GET /health/ (readiness): 503: not ok: cache (down: ConnectionError), outbox (warn: -)" in output
    assert "FAIL  GET a static file: no /static/ file linked from the pages" in output
    assert "ok    GET /book/" in output and "2 of 6 checks failed:" in output
