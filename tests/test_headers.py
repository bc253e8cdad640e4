"""Headers every page shares: 405 for unused methods, Permissions-Policy, no-store on personal pages."""

from datetime import timedelta

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from aftercare.tokens import make_schedule_token
from bookings.tokens import make_manage_token
from clients.models import Client as ClientRecord
from quotes.services import issue_quote, save_draft
from quotes.tokens import make_quote_token
from tests.bookings.factories import AppointmentFactory

pytestmark = pytest.mark.django_db
PRIVATE = "no-store, private"


def cache_control(response) -> str:
    return response.get("Cache-Control", "")


@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "PROPFIND"])
@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/", "GET, HEAD, POST"),
        ("/book/", "GET, HEAD, POST"),
        ("/staff/calendar/", "GET, HEAD, POST"),
        ("/accounts/login/", "GET, HEAD, POST"),
        # The API answers with each endpoint's own methods, as its schema documents them.
        ("/api/v1/consultations", "POST"),
        ("/api/v1/availability", "GET"),
    ],
)
def test_unused_methods_get_405(client, method, path, allow):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == allow


def test_the_methods_we_use_still_work(client):
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    assert client.post("/accounts/login/", {"username": "x@example.com", "password": "wrong"}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/"])
def test_permissions_policy_turns_off_what_no_page_needs(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.fixture
def links(aftercare_world):
    """Signed-link pages of the aftercare world's client: what anyone holding the link sees."""
    record: ClientRecord = aftercare_world["client"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        quote = issue_quote(quote_id=save_draft(client=record, treatment_type="crown").pk)
    start = (timezone.now() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    appointment = AppointmentFactory(client=record, artist=aftercare_world["artist"], start=start)
    return [
        reverse("bookings:manage", args=[make_manage_token(appointment)]),
        reverse("bookings:confirmed", args=[make_manage_token(appointment)]),
        reverse("quotes:client_quote", args=[make_quote_token(quote)]),
        reverse("quotes:client_quote_pdf", args=[make_quote_token(quote)]),
        reverse("aftercare:public_schedule", args=[make_schedule_token(aftercare_world["schedule"])]),
        reverse("bookings:feed", args=[aftercare_world["artist"].calendar_secret]),
        "/portal/login/not-a-real-token/",
    ]


def test_signed_link_pages_are_never_stored(client, links):
    for path in links:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        assert cache_control(response) == PRIVATE, path


def test_pages_for_logged_in_people_are_never_stored(aftercare_world):
    staff, owner = Client(), Client()
    staff.force_login(aftercare_world["users"]["staff"])
    owner.force_login(aftercare_world["users"]["owner"])
    record = aftercare_world["client"]
    pages = {
        staff: ["/staff/calendar/", "/staff/clients/", reverse("records:client", args=[record.pk]), "/accounts/"],
        owner: ["/portal/", "/accounts/", "/"],
    }
    for http, paths in pages.items():
        for path in paths:
            response = http.get(path)
            assert response.status_code == 200, path
            assert cache_control(response) == PRIVATE, path


def test_the_two_step_set_up_page_is_never_stored(client, aftercare_world):
    client.force_login(aftercare_world["users"]["staff"])
    client.post("/accounts/two-step/", {"action": "start"})
    response = client.get("/accounts/two-step/")
    assert "secret" in response.context  # the page that shows the TOTP secret
    assert cache_control(response) == PRIVATE


def test_the_admin_is_never_stored(client, admin_user):
    client.force_login(admin_user)
    assert cache_control(client.get("/admin/")) == PRIVATE


@pytest.mark.parametrize("path", ["/", "/book/", "/healthz/"])
def test_public_pages_for_anonymous_visitors_keep_their_caching(client, path, consultation, policy):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
