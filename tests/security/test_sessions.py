"""Sessions: team accounts idle out after 30 minutes and at browser close, clients after a day; managers need two-step."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from clinic.users import roles
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import PASSWORD, in_group, log_in, logged_in_as

# The production defaults (the test settings relax them for tests that move the clock by days).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_limits")]
CALENDAR = "/staff/calendar/"


@pytest.fixture
def production_limits(settings):
    from clinic.settings import base

    settings.TEAM_SESSION_IDLE_MINUTES = base.TEAM_SESSION_IDLE_MINUTES
    settings.CLIENT_SESSION_IDLE_MINUTES = base.CLIENT_SESSION_IDLE_MINUTES


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_a_team_session_ends_with_the_browser_and_after_30_idle_minutes(client, clock, staff_user):
    response = log_in(client, staff_user.email)
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    clock.shift(timedelta(minutes=29))
    assert client.get(CALENDAR).status_code == 200
    clock.shift(timedelta(minutes=29))  # idle time counts from the last request
    assert client.get(CALENDAR).status_code == 200
    clock.shift(timedelta(minutes=31))
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert logged_in_as(client) is None


def test_steady_use_keeps_a_team_session(client, clock, staff_user):
    log_in(client, staff_user.email)
    for _ in range(8):  # two hours, a page every quarter of an hour
        clock.shift(timedelta(minutes=15))
        assert client.get(CALENDAR).status_code == 200
    assert logged_in_as(client) == str(staff_user.pk)


@override_settings(TEAM_SESSION_IDLE_MINUTES=5)
def test_the_team_idle_period_is_a_setting(client, clock, staff_user):
    log_in(client, staff_user.email)
    clock.shift(timedelta(minutes=6))
    assert client.get(CALENDAR).status_code == 302


def test_a_client_session_lasts_a_day_idle(client, clock, client_user):
    ClientFactory(user=client_user, email=client_user.email)
    response = log_in(client, client_user.email)
    assert response.cookies["sessionid"]["max-age"] == 24 * 60 * 60  # survives closing the browser
    clock.shift(timedelta(hours=3))
    assert client.get("/portal/").status_code == 200  # far past the team's limit
    clock.shift(timedelta(hours=23))
    assert client.get("/portal/").status_code == 200
    clock.shift(timedelta(hours=25))
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.fixture
def manager_user(db):
    return in_group(in_group(UserFactory(email="manager@example.com", password=PASSWORD), roles.STAFF), roles.MANAGER)


@override_settings(MANAGER_REQUIRE_TOTP=True)
def test_managers_must_set_up_two_step_by_default(client, manager_user, staff_user):
    log_in(client, manager_user.email)
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response.url == "/accounts/two-step/?next=%2Fstaff%2Fcalendar%2F"
    assert "asks" in client.get(response.url).content.decode()  # the set-up page says it is required
    client.logout()
    log_in(client, staff_user.email)  # reception is not asked
    assert client.get(CALENDAR).status_code == 200


@override_settings(MANAGER_REQUIRE_TOTP=False)
def test_the_setting_relaxes_it_for_managers(client, manager_user):
    log_in(client, manager_user.email)
    assert client.get(CALENDAR).status_code == 200


def test_managers_are_asked_by_default_in_the_settings():
    from clinic.settings import base

    assert base.MANAGER_REQUIRE_TOTP is True
    assert base.TEAM_SESSION_IDLE_MINUTES == 30
    assert base.CLIENT_SESSION_IDLE_MINUTES == 24 * 60
