"""Reception books a consultation for a client on the phone through the picker (issue 18): a new client with
no e-mail address, then one with an address who is e-mailed; in place with htmx under the strict CSP, axe on
every page visited."""

import re
import tempfile
from datetime import time
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from bookings.models import Appointment
from clients.models import Client
from clinic.users import roles
from outbox.models import Reminder
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import REPORT_VIOLATIONS, account, log_in
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(tempfile.gettempdir()) / "desk"  # screenshots to look at; not asserted on
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(12, 30))] for d in range(6)})
    ArtistFactory(display_name="Robin Hale", hours={d: [(time(13, 30), time(17))] for d in range(6)})
    account("reception@example.com", roles.STAFF)
    return live_server.url


@pytest.fixture
def desk(site, browser: Browser) -> Page:
    page = browser.new_context(**DESKTOP).new_page()
    found: list[str] = []
    page.expose_function("cspViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.violations = found
    log_in(page, site, "reception@example.com")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    yield page
    page.context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_reception_books_a_new_phone_only_client_through_the_picker(site, desk: Page):
    page = desk
    page.goto(site + "/staff/clients/new/")
    page.get_by_label("Full name").fill("Jo Bright")
    page.get_by_label("Phone").fill("07911 123459")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#client-email")).to_contain_text("No e-mail: contact by phone.")
    assert_accessible(page)

    page.get_by_role("link", name="Book consultation").click()
    page.wait_for_load_state()  # htmx (a deferred script) is listening before the artist is changed
    expect(page.locator("#no-email-note")).to_be_visible()
    # 09:00 today is inside the online notice: the desk still offers it.
    times = page.get_by_role("group", name="Times on Monday 30 November (any artist)")
    expect(times.locator("label", has_text="09:00")).to_be_visible()
    page.evaluate("window.__noReload = true")
    page.get_by_label("Artist", exact=True).select_option(label="Robin Hale")
    expect(page.get_by_role("group", name="Times on Monday 30 November with Robin Hale")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Wed\s*2 Dec")).click()
    expect(page.get_by_role("group", name="Times on Wednesday 2 December with Robin Hale")).to_be_visible()
    assert page.evaluate("window.__noReload === true")  # swapped in place
    assert_accessible(page)
    shot(page, "desk-picker")

    # Nothing chosen: the browser's own "required" is bypassed (novalidate), the server asks for a time.
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.locator("#slot-error")).to_have_text(re.compile("Please choose a time."))
    assert not Appointment.objects.exists()
    page.get_by_role("group", name=re.compile("Times on")).locator("label", has_text="14:00").click()
    page.get_by_role("button", name="Book", exact=True).click()

    expect(page.get_by_text("Consultation booked on Wednesday 2 December at 14:00 with Robin Hale")).to_be_visible()
    expect(page.get_by_text("has no e-mail address, so no confirmation goes")).to_be_visible()
    assert_accessible(page)
    shot(page, "desk-booked-no-email")
    appointment = Appointment.objects.get()
    assert (appointment.client.full_name, appointment.start) == ("Jo Bright", london(2026, 12, 2, 14, 0))
    assert appointment.source == Appointment.Source.STAFF and appointment.client.email == ""
    row = Reminder.objects.about(appointment).get(kind="booking_confirmed")
    assert (row.status, row.note) == (Reminder.Status.SKIPPED, "no e-mail address yet")
    assert mail.outbox == []
    assert page.violations == []


def test_reception_books_a_client_with_an_address_who_gets_the_email(site, desk: Page):
    page = desk
    record = ClientFactory(full_name="Pat Rowe", email="pat@example.com", phone="+447911123456")
    page.goto(f"{site}/staff/clients/{record.pk}/consultations/new/")
    page.get_by_role("group", name=re.compile("Times on Monday 30 November")).locator("label", has_text="09:30").click()
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Consultation booked on Monday 30 November at 09:30 with Sam Okafor")).to_be_visible()
    expect(page.get_by_text("Pat Rowe has been e-mailed.")).to_be_visible()
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]
    print(message.subject, message.body, sep="\n")  # read it: -s shows the e-mail
    assert "Monday 30 November 2026, 09:30" in message.body and "Sam Okafor" in message.body
    assert any(name.endswith(".ics") for name, *_ in message.attachments)
    assert Client.objects.get(pk=record.pk).appointments.get().start == london(2026, 11, 30, 9, 30)
    assert page.violations == []
