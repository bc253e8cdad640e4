"""A new visitor books a free consultation on a phone, gets the e-mail, and cancels from its link."""

import re
from datetime import time

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Page, expect

from bookings.models import Appointment
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    ArtistFactory(
        display_name="Sam Okafor", hours={d: [(time(9), time(12, 30)), (time(13, 30), time(17))] for d in range(6)}
    )
    return live_server.url


def test_visitor_books_on_a_phone_and_cancels_from_the_email(site, page: Page):
    page.goto(site + "/")
    page.get_by_role("link", name="Book your free consultation").click()
    expect(page.get_by_role("heading", name="Book a free consultation")).to_be_visible()

    # The first day with free times is chosen; pick another day from the strip, then a time.
    page.get_by_role("button", name=re.compile(r"Tue\s*1 Dec")).click()
    expect(page.get_by_role("group", name=re.compile("Times on Tuesday 1 December"))).to_be_visible()
    page.locator("label", has_text="10:15").click()

    page.get_by_label("Full name").fill("Jordan Price")
    page.get_by_label("E-mail").fill("jordan@example.com")
    page.get_by_label("Mobile or phone").fill("07911 123456")
    page.get_by_label("What would you like to discuss?").select_option(label="Hairline")
    page.get_by_label(re.compile("You may contact me")).check()
    page.get_by_role("button", name="Book free consultation").click()

    expect(page.get_by_role("heading", name=re.compile("You.re booked in, Jordan"))).to_be_visible()
    expect(page.locator("#appointment-when")).to_contain_text("Tuesday 1 December 2026, 10:15")

    # The confirmation e-mail, with a calendar file for the right instant.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jordan@example.com"]
    ics = next(content for name, content, _ in message.attachments if name.endswith(".ics"))
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    appointment = Appointment.objects.get()
    assert event.decoded("DTSTART") == appointment.start == london(2026, 12, 1, 10, 15)

    # Cancel through the link in the e-mail.
    link = re.search(r"To cancel or move it: (http://\S+/bookings/\S+/)", message.body).group(1)
    page.goto(link)
    expect(page.locator("#appointment-status")).to_have_text("Booked")
    page.get_by_role("link", name="Cancel this consultation").click()
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_role("status").first).to_contain_text("has been cancelled")
    expect(page.locator("#appointment-status")).to_have_text("Cancelled")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert "cancelled" in mail.outbox[-1].subject


def test_slot_taken_while_the_visitor_was_typing(site, page: Page):
    page.goto(site + "/book/?date=2026-12-01")
    page.locator("label", has_text="11:00").click()
    page.get_by_label("Full name").fill("Casey Fox")
    page.get_by_label("E-mail").fill("casey@example.com")
    page.get_by_label("Mobile or phone").fill("07912 345678")
    page.get_by_label("What would you like to discuss?").select_option(label="Scar camouflage")
    # Someone else books 11:00 meanwhile (through the API, as another client would).
    response = page.request.post(
        site + "/api/v1/consultations",
        data={
            "start": london(2026, 12, 1, 11, 0).isoformat(),
            "name": "Other",
            "email": "o@example.com",
            "phone": "07911 111222",
        },
    )
    assert response.status == 201
    page.get_by_role("button", name="Book free consultation").click()
    expect(page.locator("#slot-error")).to_contain_text("just been taken")
    expect(page.get_by_label("E-mail")).to_have_value("casey@example.com")
    page.locator("#alternatives label").first.click()
    page.get_by_role("button", name="Book free consultation").click()
    expect(page.get_by_role("heading", name=re.compile("You're booked in, Casey"))).to_be_visible()
    assert Appointment.objects.count() == 2
