"""The team's pages in Chromium: the client record form round trip (item 11), long e-mail addresses and the
staff pages on a phone, an 820 px tablet and a desktop (item 13); axe on every page."""

import os
import re
from datetime import date, time

import pytest
from playwright.sync_api import Browser, Page, expect

from bookings.services import create_plan
from clients.models import Client
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import account, log_in
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = {"locale": "en-GB", "timezone_id": "Europe/London"}
PHONE = {**BASE, "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TABLET = {**BASE, "viewport": {"width": 820, "height": 1180}, "has_touch": True}
DESKTOP = {**BASE, "viewport": {"width": 1280, "height": 900}}
DEVICES = {"phone": PHONE, "tablet": TABLET, "desktop": DESKTOP}
SHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to keep screenshots of the pages to look at
LONG_EMAIL = "alexandra.montgomery-fitzwilliam.appointments@example-clinic-clients.co.uk"


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    artist = ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(17))] for d in range(7)})
    record = ClientFactory(
        full_name="Alexandra Montgomery",
        email=LONG_EMAIL,
        phone="+447911123456",
        date_of_birth=date(1988, 4, 12),
        address="4 Park Road\nLeeds LS1 2AB",
        preferred_artist=artist,
    )
    create_plan(client=record, artist=artist, treatment_type="crown")
    account("reception@example.com", roles.STAFF)
    return live_server.url, record


def staff_page(browser: Browser, base: str, device: dict) -> Page:
    page = browser.new_context(**device).new_page()
    log_in(page, base, "reception@example.com")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_saving_the_client_form_unchanged_keeps_the_date_of_birth(site, browser: Browser, device):
    base, record = site
    page = staff_page(browser, base, DEVICES[device])
    page.goto(f"{base}/staff/clients/{record.pk}/edit/")
    expect(page.get_by_label("Date of birth")).to_have_value("1988-04-12")  # shown, not empty
    expect(page.get_by_label("Phone")).to_have_value("07911 123456")
    assert_accessible(page)
    shot(page, f"client-edit-{device}")
    before = Client.objects.values().get(pk=record.pk)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Client record saved.")).to_be_visible()
    assert_accessible(page)
    after = Client.objects.values().get(pk=record.pk)
    before.pop("updated_at"), after.pop("updated_at")
    assert after == before
    assert after["date_of_birth"] == date(1988, 4, 12)


@pytest.mark.parametrize("device", ["phone", "tablet", "desktop"])
def test_a_long_email_stays_in_its_column_and_staff_pages_hold(site, browser: Browser, device):
    base, record = site
    page = staff_page(browser, base, DEVICES[device])
    page.goto(f"{base}/staff/clients/{record.pk}/")
    expect(page.get_by_role("heading", name="Alexandra Montgomery")).to_be_visible()
    email = page.locator("#client-email").bounding_box()
    link = page.locator("#client-email a").bounding_box()
    assert link["x"] + link["width"] <= email["x"] + email["width"] + 1  # wrapped inside its cell
    timeline = page.locator("#timeline").bounding_box()
    if timeline["y"] < email["y"] + email["height"]:  # side by side (desktop): no overlap
        assert link["x"] + link["width"] <= timeline["x"]
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    shot(page, f"client-{device}")
    for path in (
        "/staff/clients/?q=alexandra",
        f"/staff/clients/{record.pk}/edit/",
        "/staff/calendar/?date=2026-12-01",
        "/staff/calendar/?view=week&date=2026-12-01",
        "/staff/consultations/",
        "/staff/time-off/new/",
        f"/staff/plans/{record.plans.get().pk}/",
        "/staff/reminders/",
    ):
        page.goto(base + path)
        expect(page.locator("main, body").first).to_be_visible()
        assert_no_sideways_scroll(page)
        assert_accessible(page)
        name = re.sub(r"\W+", "-", path.strip("/"))
        shot(page, f"{name}-{device}")
