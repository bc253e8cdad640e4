"""The development mail viewer in Chromium, phone and desktop: list, message, its HTML; axe finds nothing serious."""

import os
from datetime import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bookings.messages import BookingMessage
from bookings.services import book_consultation
from clients.services import ClientDetails
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def delivered(live_server, settings, time_machine, consultation, policy, tmp_path):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "clinic.mail.FileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.DEV_MAIL_VIEWER = True
    ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(17))] for d in range(6)})
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447700900123")
    appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    deliver_reminder(reminder_id=Reminder.objects.about(appointment).get(kind=BookingMessage.CONFIRMED).pk)
    return live_server.url


def screenshot(page: Page, name: str) -> None:
    # For looking at the pages: SCREENSHOT_DIR=/tmp/somewhere pytest …
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def read_the_mail(page: Page, base: str, shot: str) -> None:
    page.goto(f"{base}/dev/mail/")
    expect(page.get_by_role("heading", name="E-mails the app has sent")).to_be_visible()
    assert_accessible(page)
    page.locator("main .list-group a").first.click()
    expect(page.get_by_text("Tuesday 1 December 2026, 10:00").first).to_be_visible()
    expect(page.frame_locator("iframe").get_by_text("Sam Okafor").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"{shot}-mail.png")
    page.goto(f"{base}/no-such-page/")
    expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"{shot}-404.png")


def test_the_mail_viewer_on_a_phone(page: Page, delivered):
    read_the_mail(page, delivered, "phone")


def test_the_mail_viewer_on_a_desktop(browser, delivered):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    try:
        read_the_mail(context.new_page(), delivered, "desktop")
    finally:
        context.close()
