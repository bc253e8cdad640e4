"""The reminders page's filters and the calendar feed's copy button in Chromium, under the strict CSP, with axe."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from clinic.users import roles
from outbox.models import Reminder
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import REPORT_VIOLATIONS, account, log_in
from tests.helpers import build_world, london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    world = build_world(eligible_client)
    account("reception@example.com", roles.STAFF)
    ArtistFactory(user=account("priya@example.com", roles.ARTIST), display_name="Priya Shah")
    return live_server.url, world


def watched(browser: Browser, **context) -> tuple[Page, list[str]]:
    page = browser.new_context(**DESKTOP, **context).new_page()
    found: list[str] = []
    page.expose_function("cspViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    return page, found


def test_the_reminders_filter_narrows_rows_and_counts_and_says_so(clinic, browser: Browser):
    base, _ = clinic
    sms = Reminder.objects.filter(channel="sms", status__in=["pending", "sending"]).count()
    everything = Reminder.objects.filter(status__in=["pending", "sending"]).count()
    assert 0 < sms < everything
    page, violations = watched(browser)
    log_in(page, base, "reception@example.com")
    page.goto(base + "/staff/reminders/")
    upcoming = page.get_by_role("link", name=re.compile(r"^Upcoming"))
    expect(upcoming).to_contain_text(str(everything))
    expect(page.locator("#filters-in-force")).to_have_text("Showing all reminders.")
    page.get_by_label("Channel").select_option(label="SMS")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#filters-in-force")).to_contain_text("Showing only: by SMS (the counts too).")
    expect(upcoming).to_contain_text(str(sms))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(sms)
    for i in range(sms):
        expect(rows.nth(i)).to_contain_text("(SMS)")
        expect(rows.nth(i)).to_contain_text(re.compile(r"(Session \d of 3|Free consultation) on .* · 2 h before"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Sent")).click()  # the tab keeps the filter
    expect(page.locator("#filters-in-force")).to_contain_text("by SMS")
    assert "channel=sms" in page.url
    page.get_by_role("link", name="Show all").click()
    expect(page.locator("#filters-in-force")).to_have_text("Showing all reminders.")
    assert violations == []


def test_the_feed_address_has_a_copy_button(clinic, browser: Browser):
    base, _ = clinic
    page, violations = watched(browser, permissions=["clipboard-read", "clipboard-write"])
    log_in(page, base, "priya@example.com")
    page.goto(base + "/staff/calendar/feed/")
    address = page.get_by_label("Your calendar address").input_value()
    assert address.startswith(base + "/calendar/") and address.endswith(".ics")
    button = page.get_by_role("button", name="Copy address")
    expect(button).to_be_visible()  # shown once copy.js runs
    assert_accessible(page)
    button.click()
    expect(page.locator("#feed-copied")).to_have_text("Copied: paste it into your calendar app.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert violations == []


def test_without_its_script_the_address_is_still_there_and_no_dead_button(clinic, browser: Browser):
    base, _ = clinic
    page, _ = watched(browser, java_script_enabled=False)
    log_in(page, base, "priya@example.com")
    page.goto(base + "/staff/calendar/feed/")
    expect(page.get_by_label("Your calendar address")).to_have_value(re.compile(r"/calendar/.+\.ics$"))
    expect(page.get_by_role("button", name="Copy address")).to_be_hidden()


def test_the_audit_trail_and_the_erase_page_read_in_words_and_pass_axe(clinic, browser: Browser):
    base, world = clinic
    account("manager@example.com", roles.STAFF).groups.add(*world["users"]["manager"].groups.all())
    record = world["client"]
    page, violations = watched(browser)
    log_in(page, base, "manager@example.com")
    page.goto(f"{base}/staff/audit/")
    table = page.get_by_role("region", name="Audit entries")
    expect(table).to_contain_text("Session 1, 1 Dec 2026 09:00")
    expect(table).not_to_contain_text("Sequence")
    expect(table.get_by_role("link", name="Jamie Walsh").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/staff/clients/{record.pk}/erase/")
    expect(page.locator("#erase-expected")).to_have_text(
        f"To confirm, type ERASE {record.pk} exactly in the first box."
    )
    page.get_by_label(f"Type ERASE {record.pk} to confirm").fill("erase")
    page.get_by_label("Reason").fill("Request ref 2026-11-30/4")
    page.get_by_role("button", name=f"Erase client #{record.pk}").click()
    expect(page.get_by_text(f"Type ERASE {record.pk} to confirm.")).to_be_visible()  # refused, nothing erased
    expect(page.get_by_label("Reason")).to_have_value("Request ref 2026-11-30/4")
    assert_accessible(page)
    assert violations == []
