"""`manage.py smoke_test URL` against a live server: passes on a sound site, lists what fails on another."""

import socket

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from ops.smoke import main
from tests.race.live import LiveServer

pytestmark = pytest.mark.django_db(transaction=True)


def smoke(*args: str) -> tuple[str, bool]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("smoke_test", *args, stdout=out)
    except CommandError as failed:
        return out.getvalue() + f"\n{failed}", False
    return out.getvalue(), True


@pytest.fixture
def hardened_live_server(transactional_db):
    """A live server whose security middleware was built with production's HTTPS settings."""
    with override_settings(SECURE_HSTS_SECONDS=3600, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        server = LiveServer()
        try:
            yield server
        finally:
            server.stop()


def test_a_sound_site_passes(hardened_live_server):
    output, passed = smoke(hardened_live_server.url, "--as-https")
    assert passed, output
    for line in (
        "ok    GET /healthz/ (liveness)",
        "ok    GET /",
        "ok    GET /book/",
        "ok    GET /static/",
        "ok    DEBUG is off (404 page)",
    ):
        assert line in output
    assert "GET /health/ (readiness)" in output
    assert output.rstrip().endswith("checks passed.")


def test_without_https_headers_it_fails_with_the_list(live_server):
    # The test settings send no HSTS: what a site that is not behind its TLS proxy looks like.
    output, passed = smoke(live_server.url)
    assert not passed
    assert "FAIL  GET /: no Strict-Transport-Security (HSTS) header" in output
    assert "checks failed:\n  - GET /: no Strict-Transport-Security (HSTS) header" in output
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
