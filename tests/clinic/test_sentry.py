"""Error reports through the real Sentry SDK and its HTTP transport: nothing personal reaches the ingest.

The production settings run in a subprocess with SENTRY_DSN pointing at a local HTTP server that
poses as Sentry's ingest endpoint and keeps every envelope it is sent.
"""

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clinic.sentry import FILTERED, scrub_breadcrumb, scrub_event
from tests import integration_support
from tests.clinic import sentry_views as v
from tests.test_entry_points import PRODUCTION_KEY, clean_environment

ROOT = Path(__file__).resolve().parent.parent.parent
PERSONAL = [v.NAME, v.EMAIL, v.PHONE, v.SCREENING_ANSWER, "Quennell", "quennell", "keloid", "900461"]

# Through the WSGI application, as gunicorn calls it (Sentry's WSGI wrapper adds the URL and headers).
REQUEST = f"""
import io, urllib.parse, wsgiref.util
import django, sentry_sdk
django.setup()
from django.conf import settings
settings.ROOT_URLCONF = "tests.clinic.sentry_views"
from clinic.wsgi import application
body = urllib.parse.urlencode({{"full_name": "{v.NAME}", "screening": "{v.SCREENING_ANSWER}"}}).encode()
environ = {{
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/clients/{v.EMAIL}/fail/",
    "QUERY_STRING": "email={v.EMAIL}&phone={v.PHONE}",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
    "HTTP_HOST": "clinic.example",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_COOKIE": "sessionid=sessionid-of-{v.EMAIL}; csrftoken=abc",
    "HTTP_REFERER": "https://clinic.example/book/?email={v.EMAIL}",
    "HTTP_X_CLIENT_NAME": "{v.NAME}",
    "HTTP_USER_AGENT": "smoke-browser/1.0",
    "HTTP_X_REQUEST_ID": "req-sentry-0001",
    "REMOTE_ADDR": "203.0.113.9",
}}
wsgiref.util.setup_testing_defaults(environ)
statuses = []
b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
print(statuses[0].split()[0], sentry_sdk.get_client().is_active())
sentry_sdk.flush(timeout=10)
"""


class Ingest(BaseHTTPRequestHandler):
    envelopes: list[str]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # the SDK's choice when brotli is installed (WeasyPrint's fonttools brings it)
            import brotli

            body = brotli.decompress(body)
        self.server.envelopes.append(body.decode())
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def ingest():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def events(envelopes: list[str]) -> list[dict]:
    """The event items of the envelopes (each envelope: a header line, then item header and payload lines)."""
    found = []
    for envelope in envelopes:
        lines = envelope.splitlines()
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def run_production(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = clean_environment(
        DJANGO_SETTINGS_MODULE="clinic.settings.production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="clinic.example",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db
def test_a_failing_view_reports_the_exception_type_and_nothing_personal(ingest):
    port = ingest.server_address[1]
    # The test database: the session cookie makes a middleware look its session up.
    result = run_production(
        REQUEST, SENTRY_DSN=f"http://public@127.0.0.1:{port}/1", DATABASE_URL=integration_support.test_database_url()
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "True"]
    sent = "\n".join(ingest.envelopes)
    # The exception event and the logger.error event both arrived, located but anonymous.
    assert len(events(ingest.envelopes)) == 2, sent
    assert '"type":"ValueError"' in sent
    assert "fail_with_personal_data" in sent  # the frame's function
    assert "/clients/{email}/fail/" in sent  # the route, not the path
    assert "could not book %s: %s" in sent  # the log's template, not its arguments
    assert '"request_id":"req-sentry-0001"' in sent
    assert "smoke-browser/1.0" in sent  # an allowed header survives
    for value in PERSONAL:
        assert value not in sent, f"{value!r} reached Sentry"
    assert '"url":"http://clinic.example/clients/{email}/fail/"' in sent  # the WSGI scheme
    for kind in ('"cookies"', '"query_string"', '"vars"', "sessionid", "Referer", "REMOTE_ADDR", "203.0.113"):
        assert kind not in sent, f"{kind} reached Sentry"
    for event in events(ingest.envelopes):
        assert event["request"].keys() == {"method", "url", "headers"}  # no body, cookies, query, env
        assert event["request"]["method"] == "POST"
        assert "user" not in event or event["user"].keys() <= {"id"}


@pytest.mark.django_db
def test_no_dsn_no_reports(ingest):
    result = run_production(REQUEST, DATABASE_URL=integration_support.test_database_url())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "False"]
    assert ingest.envelopes == []


def test_the_scrubber_reduces_the_user_and_drops_extra_and_crumb_data():
    event = {
        "user": {"id": 7, "email": v.EMAIL, "username": v.NAME, "ip_address": "203.0.113.9"},
        "extra": {"sys.argv": ["manage.py", "createsuperuser", f"--email={v.EMAIL}"]},
        "exception": {"values": [{"type": "IntegrityError", "value": f"Key (email)=({v.EMAIL})"}]},
        "breadcrumbs": {"values": [{"category": "query", "message": "SELECT 1", "data": {"params": [v.EMAIL]}}]},
        "request": {"url": f"https://clinic.example/x/?email={v.EMAIL}", "query_string": f"email={v.EMAIL}"},
        "transaction": "/x/",
    }
    scrubbed = scrub_event(event)
    assert scrubbed["user"] == {"id": 7}
    assert "extra" not in scrubbed
    assert scrubbed["exception"]["values"][0] == {"type": "IntegrityError", "value": FILTERED}
    assert scrubbed["breadcrumbs"]["values"][0] == {"category": "query", "message": "SELECT 1"}
    assert scrubbed["request"] == {"method": None, "url": "https://clinic.example/x/", "headers": {}}
    assert v.EMAIL not in repr(scrubbed)


def test_a_redis_breadcrumb_keeps_its_command_only():
    crumb = scrub_breadcrumb({"category": "redis", "message": f"SET clinic:1:login:{v.EMAIL} 1", "data": {}})
    assert crumb == {"category": "redis", "message": "SET"}


def test_a_log_breadcrumb_keeps_its_template_only():
    import logging

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "looked up %s", (v.EMAIL,), None)
    crumb = scrub_breadcrumb({"message": record.getMessage(), "data": {"extra": 1}}, {"log_record": record})
    assert crumb == {"message": "looked up %s"}
