"""The day picker on a phone and on a desktop (issue 12, items 2, 4, 5, 6): in place with htmx under the strict
CSP, later dates reachable, the booked artist kept when rescheduling, plain error wording, the confirmation page;
and the same booking without JavaScript. axe-core checks every page visited, error states included."""

import re
import tempfile
from datetime import time
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from bookings.models import Appointment
from bookings.services import book_consultation
from bookings.tokens import make_manage_token
from clients.services import ClientDetails
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import REPORT_VIOLATIONS
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(tempfile.gettempdir()) / "picker"  # screenshots to look at; not asserted on
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    hours = {d: [(time(9), time(12, 30)), (time(13, 30), time(17))] for d in range(6)}
    sam = ArtistFactory(display_name="Sam Okafor", hours=hours)
    ArtistFactory(display_name="Robin Hale", hours={d: [(time(13, 30), time(17))] for d in range(6)})
    return live_server.url, sam


@pytest.fixture(params=["phone", "desktop"])
def screen(request, page: Page, browser):
    """A page on the phone viewport (conftest) or on a desktop, reporting CSP violations into page.violations."""
    if request.param == "phone":
        chosen = page
    else:
        context = browser.new_context(**DESKTOP)
        request.addfinalizer(context.close)
        chosen = context.new_page()
    found: list[str] = []
    chosen.expose_function("cspViolation", lambda text: found.append(text))
    chosen.add_init_script(REPORT_VIOLATIONS)
    chosen.on("console", lambda m: found.append(m.text) if "Refused to" in m.text else None)
    chosen.violations = found
    chosen.width_name = request.param
    return chosen


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def mark_document(page: Page) -> None:
    """A flag that only a full page load clears: the test asserts swaps happened in place."""
    page.evaluate("window.__noReload = true")


def still_same_document(page: Page) -> bool:
    return page.evaluate("window.__noReload === true")


def test_booking_picker_in_place_later_dates_errors_and_confirmation(site, screen: Page):
    base, _ = site
    page = screen
    page.goto(base + "/book/")
    assert_accessible(page)
    mark_document(page)

    # Later dates: a button in view on every width, outside the scrolling strip.
    later = page.get_by_role("button", name="Later dates ›")
    expect(later).to_be_in_viewport()
    later.click()
    expect(page.locator("#picker-window")).to_contain_text("14 Dec")
    # A day late in the new window (not 25–26 Dec, when the clinic is closed): chosen, in view, its
    # times swapped in without a reload.
    page.get_by_role("button", name=re.compile(r"Wed\s*23 Dec")).click()
    expect(page.get_by_role("group", name=re.compile("Times on Wednesday 23 December"))).to_be_visible()
    chosen = page.locator('.day-strip [aria-current="date"]')
    expect(chosen).to_contain_text("23 Dec")
    expect(chosen).to_be_in_viewport()
    expect(chosen).to_be_focused()  # focus stays where the visitor was
    assert still_same_document(page)
    shot(page, f"book-later-{page.width_name}")
    assert_accessible(page)

    # Changing the artist updates the times in place (no "Show times" needed).
    page.get_by_label("Artist").select_option(label="Robin Hale")
    expect(page.get_by_role("group", name=re.compile("with Robin Hale"))).to_be_visible()
    expect(page.locator("label", has_text="10:00")).to_have_count(0)
    assert still_same_document(page)

    # Book with nothing filled in: plain messages, no field names, links readable on red.
    page.get_by_role("button", name="Book free consultation").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Please choose a time.")
    expect(summary).to_contain_text("Please enter your full name.")
    expect(summary).not_to_contain_text("Slot:")
    expect(page.locator("body")).not_to_contain_text("This field is required")
    shot(page, f"book-errors-{page.width_name}")
    assert_accessible(page)  # includes color-contrast of the summary's links

    page.get_by_role("button", name="‹ Earlier dates").click()
    expect(page.locator("#picker-window")).to_contain_text("30 Nov")
    page.get_by_role("button", name=re.compile(r"Tue\s*1 Dec")).click()
    expect(page.get_by_role("group", name="Times on Tuesday 1 December with Robin Hale")).to_be_visible()
    page.locator("label", has_text="14:00").click()
    page.get_by_label("Full name").fill("jamie o'neill")
    page.get_by_label("E-mail").fill("Jamie@Example.com")
    page.get_by_label("Mobile or phone").fill("07911 123456")
    page.get_by_label("What would you like to discuss?").select_option(label="Hairline")
    page.get_by_role("button", name="Book free consultation").click()

    expect(page.get_by_role("heading", name="You're booked in, Jamie")).to_be_visible()
    expect(page.locator("#booked-name")).to_have_text("jamie o'neill")
    expect(page.locator("#booked-email")).to_have_text("Jamie@Example.com")
    expect(page.locator("#appointment-when")).to_contain_text("Tuesday 1 December 2026, 14:00")
    expect(page.get_by_role("link", name="Open the map")).to_have_attribute("href", re.compile("google.com/maps"))
    for name in ("Google Calendar", "Outlook", "Apple Calendar (.ics)"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()
    shot(page, f"confirmed-{page.width_name}")
    assert_accessible(page)
    appointment = Appointment.objects.get()
    assert appointment.artist.display_name == "Robin Hale"
    with page.expect_download() as download:
        page.get_by_role("link", name="Apple Calendar (.ics)").click()
    assert download.value.suggested_filename == "consultation.ics"
    assert page.violations == []


def test_reschedule_keeps_the_artist_and_an_old_cancel_link_says_cancelled(site, screen: Page):
    base, sam = site
    page = screen
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447911123456")
    appointment = book_consultation(start=london(2026, 12, 1, 14, 0), artist_id=sam.pk, client_details=details)
    token = make_manage_token(appointment)
    page.goto(f"{base}/bookings/{token}/")
    expect(page.locator("#move-now")).to_contain_text("with Sam Okafor")
    expect(page.get_by_label("Artist", exact=True)).to_have_value(str(sam.pk))
    mark_document(page)
    page.get_by_role("link", name=re.compile(r"Wed\s*2 Dec")).click()
    expect(page.get_by_role("group", name="Times on Wednesday 2 December with Sam Okafor")).to_be_visible()
    expect(page.locator("label", has_text="13:30")).to_have_count(1)  # Sam's afternoon
    assert still_same_document(page)
    expect(page).to_have_url(re.compile("date=2026-12-02"))  # a reload or a shared link shows the same
    assert_accessible(page)
    shot(page, f"manage-{page.width_name}")
    page.locator("label", has_text="09:30").click()
    page.get_by_role("button", name="Move my consultation").click()
    message = page.get_by_role("status").first
    expect(message).to_contain_text("now on Wednesday 2 December at 09:30 with Sam Okafor")
    expect(message).to_contain_text("(it was Tuesday 1 December at 14:00 with Sam Okafor)")
    assert_accessible(page)
    appointment.refresh_from_db()
    assert (appointment.start, appointment.artist_id) == (london(2026, 12, 2, 9, 30), sam.pk)
    assert mail.outbox[-1].subject.startswith("Your consultation has been moved")

    page.get_by_role("link", name="Cancel this consultation").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.locator("#appointment-status")).to_have_text("Cancelled")
    # The cancel link again (from the e-mail): it says so instead of asking again.
    page.goto(f"{base}/bookings/{token}/cancel/")
    expect(page.get_by_role("heading", name="This consultation is already cancelled")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, cancel it")).to_have_count(0)
    assert_accessible(page)
    assert page.violations == []


def test_without_javascript_the_picker_still_works(site, browser):
    base, _ = site
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + "/book/")
        page.get_by_role("button", name="Later dates ›").click()
        expect(page.locator("#picker-window")).to_contain_text("14 Dec")
        # (axe needs JavaScript in the page; these pages are checked with it in the tests above.)
        page.goto(base + "/book/?date=2026-12-01")
        page.locator("label", has_text="10:00").click()
        page.get_by_label("Full name").fill("Casey Fox")
        page.get_by_label("E-mail").fill("casey@example.com")
        page.get_by_label("Mobile or phone").fill("07912 345678")
        page.get_by_label("What would you like to discuss?").select_option(label="Crown")
        # The artist changed without "Show times": their times again, not an unnamed working-hours error.
        page.get_by_label("Artist").select_option(label="Robin Hale")
        page.get_by_role("button", name="Book free consultation").click()
        expect(page.get_by_text("You changed the artist, so these are Robin Hale's times")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("working hours")
        assert not Appointment.objects.exists()
        shot(page, "nojs-artist-changed")
        page.locator("label", has_text="14:00").click()
        page.get_by_role("button", name="Book free consultation").click()
        expect(page.get_by_role("heading", name="You're booked in, Casey")).to_be_visible()
        assert Appointment.objects.get().artist.display_name == "Robin Hale"
    finally:
        context.close()
