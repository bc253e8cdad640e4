"""The availability API's lean route (clinic/leanroutes.py): the full chain's answer and headers, for less.

Every comparison runs the same request twice: through the lean route, and with LEAN_ROUTES empty (the full
middleware chain to django-ninja's view, as before the route existed), under production's security settings.
"""

import gzip
import json
import logging
from datetime import time

import brotli
import pytest
from django.conf import settings
from django.test import Client, override_settings

from bookings import api_lean
from bookings.services import book_consultation
from clients.services import ClientDetails
from clinic.leanroutes import THIS, lean_middleware
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

DAY = "2026-12-01"
URL = f"/api/v1/availability?date={DAY}"
# What production sets (clinic/settings/production.py), so the headers it adds are compared too.
PRODUCTION = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "X_FRAME_OPTIONS": "DENY",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_REQUEST_ID": "lean-route-test-0001"}


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(hours={d: [(time(9), time(12))] for d in range(7)})


def both(path: str, **extra):
    """(lean, full): the same GET through a fresh client with the lean route and one without it."""
    answers = []
    for routes in (settings.LEAN_ROUTES, {}):
        with override_settings(**PRODUCTION, LEAN_ROUTES=routes):
            answers.append(Client().get(path, **extra))  # a fresh client loads the middleware under these settings
    return answers


def took_lean_route(response) -> bool:
    return response.wsgi_request.resolver_match.func is api_lean.availability


@pytest.mark.parametrize("encoding", ["gzip, deflate, br", "gzip", "", "identity"])
def test_the_lean_route_answers_as_the_full_chain_does(frozen, artist, encoding):
    lean, full = both(URL, HTTP_ACCEPT_ENCODING=encoding, **HTTPS)
    assert took_lean_route(lean) and not took_lean_route(full)
    assert lean.status_code == full.status_code == 200
    assert dict(lean.headers) == dict(full.headers)
    assert lean.content == full.content
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "Vary",
        "X-Request-ID",
        "Content-Length",
    ):
        assert header in lean.headers, header
    assert lean["X-Request-ID"] == "lean-route-test-0001"
    assert "no-store" not in lean.get("Cache-Control", "")  # public, as before
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(lean.get("Content-Encoding"), bytes)
    body = decode(lean.content)
    assert json.loads(body)["slots"][0]["start"] == "2026-12-01T09:00:00Z"


def test_plain_http_is_still_sent_to_https(frozen, artist):
    lean, full = both(URL, HTTP_X_REQUEST_ID="lean-route-test-0002")
    assert lean.status_code == full.status_code == 301
    assert lean["Location"] == full["Location"] == f"https://testserver{URL}"
    assert dict(lean.headers) == dict(full.headers)


def test_an_unknown_host_is_still_refused(frozen, artist):
    lean, full = both(URL, HTTP_HOST="evil.example", **HTTPS)
    assert lean.status_code == full.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "date=2026-02-30",
        "date=tomorrow",
        "",
        "date=2026-12-01&service=tattoo",
        "date=2026-12-01&artist_id=999999",
        "date=2026-12-01&date=2026-12-02",
        "date=%32026-12-01",
    ],
)
def test_any_other_query_goes_to_the_api_view_with_its_answers(frozen, artist, query):
    lean, full = both(f"/api/v1/availability?{query}", **HTTPS)
    assert not took_lean_route(lean)
    assert lean.status_code == full.status_code
    assert lean.content == full.content
    assert dict(lean.headers) == dict(full.headers)


def test_a_signed_in_visitor_takes_the_full_chain_and_the_page_stays_private(frozen, artist, client, staff):
    response = client.get(URL, **HTTPS)  # the client the staff fixture signed in
    assert response.status_code == 200
    assert not took_lean_route(response)
    assert response["Cache-Control"] == "no-store, private"


def test_head_and_other_methods_take_the_full_chain(frozen, artist):
    assert not took_lean_route(Client().head(URL))
    response = Client().options(URL)
    assert response.status_code == 405 and response["Allow"] == "GET"


def test_a_booking_retires_the_lean_routes_answer_at_once(frozen, artist, django_capture_on_commit_callbacks):
    def starts():
        response = Client().get(URL)
        assert took_lean_route(response)
        return [slot["start"] for slot in response.json()["slots"]]

    assert "2026-12-01T10:00:00Z" in starts()
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447911123456", concern="crown")
    with django_capture_on_commit_callbacks(execute=True):
        book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    assert "2026-12-01T10:00:00Z" not in starts()


def test_the_request_log_line_is_the_same(frozen, artist, caplog):
    lines = []
    for routes in (settings.LEAN_ROUTES, {}):
        caplog.clear()
        with override_settings(LEAN_ROUTES=routes), caplog.at_level(logging.INFO, logger="clinic.request"):
            Client().get(URL)
        (record,) = [r for r in caplog.records if r.name == "clinic.request"]
        lines.append((record.getMessage().rsplit(" ", 1)[0], record.view, record.status, record.user_id))
    assert lines[0] == lines[1] == ("GET api-v1:availability 200", "api-v1:availability", 200, None)


def test_the_lean_chain_is_the_full_one_less_the_named_skips():
    after = settings.MIDDLEWARE[settings.MIDDLEWARE.index(THIS) + 1 :]
    assert set(settings.LEAN_ROUTE_SKIPS) <= set(after)  # a skip that names nothing would be a typo
    assert lean_middleware() == [path for path in after if path not in settings.LEAN_ROUTE_SKIPS]
    for needed in (
        "django.middleware.security.SecurityMiddleware",
        "django_permissions_policy.PermissionsPolicyMiddleware",
        "clinic.csp.ClinicCSPMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "clinic.headers.PrivatePagesMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "clinic.db.middleware.RetryOnLostConnectionMiddleware",
    ):
        assert needed in lean_middleware(), needed
    assert settings.MIDDLEWARE[0] == "clinic.requestlog.RequestLogMiddleware"  # it still logs every request


def test_the_endpoint_stays_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "get" in schema["paths"]["/api/v1/availability"]
