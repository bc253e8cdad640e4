"""Odd `next` values on the two-step pages: never a 500, never off-site, a local path kept."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.users import two_step
from tests.security.test_two_step import code_for

pytestmark = pytest.mark.django_db
START = "/accounts/start/"

# Each odd value and where it must lead: a local path is kept, everything else goes to the start page.
ODD_NEXT = [
    ("foo", START),
    ("foo.bar", START),
    ("bookings:calendar", START),
    ("", START),
    ("   ", START),
    ("//evil.example/x", START),
    ("/\\evil.example", START),
    ("https://evil.example/", START),
    ("javascript:alert(1)", START),
    ("http://testserver/staff/clients/", START),
    ("%2F%2Fevil.example", START),
    ("/staff/clients/?q=a b&page=2", "/staff/clients/?q=a%20b&page=2"),
    ("/does-not-exist/", "/does-not-exist/"),
]


@pytest.mark.parametrize(("value", "lands"), ODD_NEXT)
def test_verify_without_a_device_goes_on_safely(client, staff_user, value, lands):
    client.force_login(staff_user)
    response = client.get("/accounts/login/verify/", {"next": value})
    assert response.status_code == 302
    assert response.url == lands


@pytest.mark.parametrize(("value", "lands"), ODD_NEXT)
def test_verify_with_a_device_shows_the_form_then_goes_on_safely(client, staff_user, value, lands):
    device = two_step.start_enrolment(user=staff_user)
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.refresh_from_db()
    client.force_login(staff_user)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        page = client.get("/accounts/login/verify/", {"next": value})
        assert page.status_code == 200
        response = client.post("/accounts/login/verify/", {"code": code_for(device), "next": value})
    assert response.status_code == 302
    assert response.url == lands


@pytest.mark.parametrize(("value", "lands"), [("foo", "/accounts/"), ("/staff/clients/", "/staff/clients/")])
def test_confirming_two_step_goes_on_safely(client, staff_user, value, lands):
    client.force_login(staff_user)
    client.post("/accounts/two-step/", {"action": "start"})
    device = two_step.pending_device(staff_user)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        response = client.post("/accounts/two-step/", {"action": "confirm", "code": code_for(device), "next": value})
    assert response.status_code == 302
    assert response.url == lands
