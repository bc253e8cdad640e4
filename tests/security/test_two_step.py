"""Two-step login (django-otp TOTP) for team accounts: enrol, confirm, the code after the password."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.users import two_step
from tests.helpers import log_in, logged_in_as

pytestmark = pytest.mark.django_db
CALENDAR = "/staff/calendar/"


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, from the device's key (time-machine moves 'now')."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def enrolled(staff_user):
    device = two_step.start_enrolment(user=staff_user)
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.refresh_from_db()
    return device


def test_a_team_member_enrols_from_their_account_page(client, clock, artist_user):
    client.force_login(artist_user)
    assert "Set up" in client.get("/accounts/").content.decode()
    assert client.post("/accounts/two-step/", {"action": "start"}).status_code == 302
    page = client.get("/accounts/two-step/").content.decode()
    device = TOTPDevice.objects.get(user=artist_user)
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in page
    assert two_step.secret_for_display(device) in page

    wrong = client.post("/accounts/two-step/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422
    assert "not right" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    clock.shift(timedelta(seconds=30))  # past django-otp's throttle after a wrong code
    right = client.post("/accounts/two-step/", {"action": "confirm", "code": code_for(device)})
    assert right.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(CALENDAR).status_code == 200  # verified in this session: no second prompt


def test_starting_again_replaces_an_unconfirmed_secret(client, staff_user):
    client.force_login(staff_user)
    client.post("/accounts/two-step/", {"action": "start"})
    first = TOTPDevice.objects.get(user=staff_user).key
    client.post("/accounts/two-step/", {"action": "start"})
    assert list(TOTPDevice.objects.filter(user=staff_user).values_list("key", flat=True)) != [first]
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_once_enrolled_login_asks_for_the_code_before_any_staff_page(client, clock, staff_user, enrolled):
    assert log_in(client, staff_user.email).status_code == 302
    for page in (CALENDAR, "/staff/clients/", "/admin/", "/accounts/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/verify/?next=")

    assert client.post("/accounts/login/verify/?next=/staff/clients/", {"code": "12345"}).status_code == 422
    clock.shift(timedelta(seconds=30))
    assert client.post("/accounts/login/verify/?next=/staff/clients/", {"code": "000000"}).status_code == 422
    clock.shift(timedelta(seconds=30))
    response = client.post("/accounts/login/verify/?next=/staff/clients/", {"code": code_for(enrolled)})
    assert response.status_code == 302
    assert response.url == "/staff/clients/"
    assert client.get(CALENDAR).status_code == 200


def test_a_used_code_does_not_work_twice(client, clock, staff_user, enrolled):
    code = code_for(enrolled)
    log_in(client, staff_user.email)
    assert client.post("/accounts/login/verify/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    log_in(client, staff_user.email)
    assert client.post("/accounts/login/verify/", {"code": code}).status_code == 422


def test_the_verify_page_never_redirects_off_site(client, clock, staff_user, enrolled):
    log_in(client, staff_user.email)
    response = client.post("/accounts/login/verify/?next=https://evil.example/", {"code": code_for(enrolled)})
    assert response.status_code == 302
    assert response.url == "/accounts/start/"


def test_turning_it_off_needs_a_current_code(client, clock, staff_user, enrolled):
    log_in(client, staff_user.email)
    client.post("/accounts/login/verify/", {"code": code_for(enrolled)})
    clock.shift(timedelta(seconds=30))
    assert client.post("/accounts/two-step/", {"action": "remove", "code": "000000"}).status_code == 422
    assert TOTPDevice.objects.filter(user=staff_user).exists()
    clock.shift(timedelta(seconds=30))
    assert client.post("/accounts/two-step/", {"action": "remove", "code": code_for(enrolled)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_user).exists()


def test_clients_are_never_asked_and_cannot_enrol(client, client_user):
    from tests.clients.factories import ClientFactory

    ClientFactory(user=client_user, email=client_user.email)
    with override_settings(STAFF_REQUIRE_TOTP=True):
        assert log_in(client, client_user.email).status_code == 302
        assert client.get("/portal/").status_code == 200
        assert client.get("/accounts/two-step/").status_code == 404
    assert "Two-step" not in client.get("/accounts/").content.decode()


@override_settings(STAFF_REQUIRE_TOTP=True)
def test_the_setting_forces_team_accounts_to_enrol(client, clock, staff_user):
    assert log_in(client, staff_user.email).status_code == 302
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response.url == "/accounts/two-step/?next=%2Fstaff%2Fcalendar%2F"
    client.post(response.url, {"action": "start"})
    device = TOTPDevice.objects.get(user=staff_user)
    done = client.post("/accounts/two-step/?next=/staff/calendar/", {"action": "confirm", "code": code_for(device)})
    assert done.url == CALENDAR
    assert client.get(CALENDAR).status_code == 200


def test_not_required_by_default(client, staff_user):
    log_in(client, staff_user.email)
    assert client.get(CALENDAR).status_code == 200
    assert logged_in_as(client) == str(staff_user.pk)


def test_the_code_step_is_rate_limited(client, clock, staff_user, enrolled, settings):
    settings.LOGIN_RATE_LIMIT = "3/h"
    log_in(client, staff_user.email, ip="10.0.0.9")
    statuses = []
    for _ in range(3):
        statuses.append(client.post("/accounts/login/verify/", {"code": "000000"}, REMOTE_ADDR="10.0.0.9").status_code)
        clock.shift(timedelta(seconds=10))
    response = client.post("/accounts/login/verify/", {"code": code_for(enrolled)}, REMOTE_ADDR="10.0.0.9")
    assert statuses == [422, 422, 422]
    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()
