"""The staff home in Chromium: reception lands on it after login, records an arrival with one click, and
the page passes axe on a tablet and a phone."""

from datetime import time

import pytest
from playwright.sync_api import expect

from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import account, log_in
from tests.browser.test_staff_pages import PHONE, TABLET
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clinic_day(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 9, 40), tick=True)
    settings.SITE_URL = live_server.url
    artist = ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(17))] for d in range(7)})
    visit = AppointmentFactory(artist=artist, start=london(2026, 11, 30, 9, 30), client__full_name="Nia Obi")
    AppointmentFactory(artist=artist, start=london(2026, 11, 30, 14, 0), client__full_name="Ann Lee")
    account("reception@example.com", roles.STAFF)
    return live_server.url, visit


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_reception_lands_on_today_and_records_an_arrival(browser, clinic_day, device):
    base, visit = clinic_day
    page = browser.new_context(**device).new_page()
    log_in(page, base, "reception@example.com")
    expect(page.get_by_role("heading", name="Today, Monday 30 November 2026")).to_be_visible()
    row = page.locator("#today tr", has_text="Nia Obi")
    expect(row).to_contain_text("First visit")
    expect(page.locator("#today tr", has_text="Ann Lee")).to_contain_text("From 14:00")
    assert_accessible(page)
    row.get_by_role("button", name="Arrived").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.locator("#today tr", has_text="Nia Obi")).to_contain_text("Attended")
    visit.refresh_from_db()
    assert visit.status == "attended"
