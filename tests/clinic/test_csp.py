"""The strict policy everywhere; under /admin/ it also allows Django's one inline change-list style, by hash."""

import base64
import hashlib

import pytest
from csp.middleware import CSPMiddleware
from django.contrib import admin
from django.http import HttpResponse
from django.test import RequestFactory

from bookings.models import BookingPolicy
from clinic.csp import ClinicCSPMiddleware

pytestmark = pytest.mark.django_db


def test_only_the_admin_allows_the_hash_of_djangos_change_list_style(client, admin_client, policy):
    # An admin without the actions bar is the case where Django writes its inline <style>.
    model_admin = admin.site._registry[BookingPolicy]
    model_admin.actions_on_top = model_admin.actions_on_bottom = False
    try:
        page = admin_client.get("/admin/bookings/bookingpolicy/")
    finally:
        model_admin.actions_on_top, model_admin.actions_on_bottom = True, False
    html = page.content.decode()
    body = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page["Content-Security-Policy"]
    public = client.get("/")["Content-Security-Policy"]
    assert "sha256" not in public and "unsafe-inline" not in public
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def csp_headers(middleware_class, path: str, *, decorate=None, use_nonce=False) -> dict:
    """The CSP headers a middleware sets on a plain HttpResponse for GET `path`."""
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda r: HttpResponse("ok"))
    middleware.process_request(request)
    if use_nonce:
        str(request.csp_nonce)
    response = HttpResponse("ok")
    if decorate:
        decorate(response)
    middleware.process_response(request, response)
    return {k: v for k, v in response.headers.items() if k.startswith("Content-Security-Policy")}


@pytest.mark.parametrize(
    "case",
    [
        {},
        {"use_nonce": True},
        {"decorate": lambda r: setattr(r, "_csp_update", {"img-src": ["https://maps.example"]})},
        {"decorate": lambda r: setattr(r, "_csp_replace", {"script-src": ["'none'"]})},
        {"decorate": lambda r: setattr(r, "_csp_exempt", True)},
        {"decorate": lambda r: r.headers.__setitem__("Content-Security-Policy", "default-src 'none'")},
        {"decorate": lambda r: setattr(r, "_csp_update_ro", {"img-src": ["https://maps.example"]})},
    ],
    ids=["plain", "nonce", "update", "replace", "exempt", "header already set", "report-only update"],
)
def test_outside_the_admin_the_same_headers_as_django_csp(case):
    ours = csp_headers(ClinicCSPMiddleware, "/book/", **case)
    theirs = csp_headers(CSPMiddleware, "/book/", **case)
    if case.get("use_nonce"):  # a new nonce per request: compare the policy without it
        ours, theirs = ({k: v.split("'nonce-")[0] for k, v in h.items()} for h in (ours, theirs))
    assert ours == theirs


def test_excluded_prefixes_and_a_report_only_policy_as_django_csp(settings):
    strict = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {**strict, "EXCLUDE_URL_PREFIXES": ["/webhooks/"]}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp/"}}
    for path in ("/book/", "/webhooks/stripe/"):
        ours, theirs = csp_headers(ClinicCSPMiddleware, path), csp_headers(CSPMiddleware, path)
        assert ours == theirs
    assert set(csp_headers(ClinicCSPMiddleware, "/book/")) == {
        "Content-Security-Policy",
        "Content-Security-Policy-Report-Only",
    }
    assert set(csp_headers(ClinicCSPMiddleware, "/webhooks/stripe/")) == {"Content-Security-Policy-Report-Only"}
