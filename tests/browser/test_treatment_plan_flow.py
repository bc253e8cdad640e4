"""Staff plans a client's sessions, the artist moves one in the week view, the client sees the new date."""

import re
from datetime import time

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from bookings.models import Appointment
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


def user(role: str, email: str, name: str):
    account = UserFactory(email=email, full_name=name, password=PASSWORD)
    account.groups.add(Group.objects.get(name=role))
    return account


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    user(roles.STAFF, "reception@example.com", "Riley Chen")
    artist_user = user(roles.ARTIST, "sam@example.com", "Sam Okafor")
    ArtistFactory(user=artist_user, display_name="Sam Okafor", hours={d: [(time(9), time(18))] for d in range(6)})
    eligible_client.user = user(roles.CLIENT, "jamie@example.com", "Jamie Walsh")
    eligible_client.save()
    return live_server.url, eligible_client


def test_plan_proposals_week_view_move_and_portal(clinic, page: Page):
    base, client = clinic
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, base, "reception@example.com")
    page.goto(f"{base}/staff/clients/{client.pk}/")
    expect(page.locator("#eligibility")).to_contain_text("Yes")
    page.get_by_role("link", name="New treatment plan").click()
    page.get_by_label("Artist").select_option(label="Sam Okafor")
    page.get_by_label("Treatment type").select_option(label="Full head")
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_label("Session 1")).to_have_value("2026-12-01T09:00")
    expect(page.get_by_label("Session 2")).to_have_value("2026-12-11T09:00")
    page.get_by_role("button", name="Accept these dates").click()
    expect(page.get_by_text("Sessions scheduled.")).to_be_visible()
    expect(page.locator("#plan-sessions tbody tr")).to_have_count(3)
    log_out(page)

    log_in(page, base, "sam@example.com")
    page.goto(base + "/staff/calendar/?view=week&date=2026-12-01")
    session = page.get_by_role("link", name=re.compile("Session 1 of 3: Jamie Walsh"))
    expect(session).to_contain_text("09:00–12:00")
    session.click()
    page.get_by_label("New start").fill("2026-12-02T10:00")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Moved.")).to_be_visible()
    expect(page.locator("#appointment-when")).to_contain_text("Wednesday 2 December 2026, 10:00")
    log_out(page)

    log_in(page, base, "jamie@example.com")
    expect(page.get_by_role("heading", name="Hello Jamie Walsh")).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("Session 1 of 3: Wednesday 2 December 2026, 10:00")
    first = Appointment.objects.get(session_number=1)
    assert first.start == london(2026, 12, 2, 10, 0)
