"""A name that is valid text but looks like markup is booked, and shown as text everywhere it appears."""

import io
from datetime import time

import pytest
from django.core import mail
from icalendar import Calendar
from pypdf import PdfReader

from bookings.models import Appointment
from clients.names import greeting_name
from quotes.services import save_draft
from tests.bookings.factories import ArtistFactory
from tests.helpers import london
from tests.quotes.factories import issued

pytestmark = pytest.mark.django_db

NAME = '<script>alert(1)</script> "><img src=x onerror=alert(1)> Lee'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; Lee"
MARKUP = ("<script>alert(1)", "<img src=x")


@pytest.fixture
def booked(client, frozen, consultation, policy, django_capture_on_commit_callbacks):
    ArtistFactory(display_name="Sam", hours={d: [(time(9), time(12))] for d in range(7)})
    data = {
        "slot": london(2026, 12, 1, 10, 0).isoformat(),
        "date": "2026-12-01",
        "full_name": NAME,
        "email": "lee@example.com",
        "phone": "07911 123456",
        "concern": "crown",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/book/", data)
    assert response.status_code == 302
    appointment = Appointment.objects.select_related("client").get()
    assert appointment.client.full_name == NAME  # stored as typed: escaping is the output's job
    return response["Location"], appointment


def assert_shown_as_text(html: str):
    assert ESCAPED in html
    for markup in MARKUP:
        assert markup not in html


def test_confirmation_page(client, booked):
    location, _ = booked
    response = client.get(location)
    assert response.status_code == 200
    assert "Lee" in response.content.decode()  # the confirmation shows the booking...
    for markup in MARKUP:  # ...and never the name as markup
        assert markup not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/staff/consultations/?date_from=2026-12-01&date_to=2026-12-01", "/staff/calendar/?date=2026-12-01"],
)
def test_staff_pages(client, staff, booked, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_client_page(client, staff, booked):
    _, appointment = booked
    response = client.get(f"/staff/clients/{appointment.client_id}/")
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_confirmation_email_and_its_calendar_file(booked):
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.to == ["lee@example.com"] and not message.cc and not message.bcc
    rendered = message.message()
    assert all("\n" not in str(value) and "\r" not in str(value) for value in rendered.values())
    html, _ = message.alternatives[0]
    for markup in MARKUP:
        assert markup not in html
    (_, ics, _) = message.attachments[0]
    calendar = Calendar.from_ical(ics)
    for event in calendar.walk("VEVENT"):
        for markup in MARKUP:
            assert markup not in str(event.get("summary")) + str(event.get("description"))


def test_artist_calendar_feed_carries_the_name_as_text(client, booked):
    _, appointment = booked
    response = client.get(f"/calendar/{appointment.artist.calendar_secret}.ics")
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    # The feed names the client by first name only; a plain text property: the literal characters, nothing added.
    assert str(event["summary"]).endswith(f": {greeting_name(NAME)}")
    assert b"\r\nBEGIN:VEVENT" in response.content and response.content.count(b"BEGIN:VEVENT") == 1


def test_quote_pdf(booked):
    _, appointment = booked
    quote = issued(quote_id=save_draft(client=appointment.client, treatment_type="crown").pk)
    quote.pdf.open("rb")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(quote.pdf.read())).pages)
    quote.pdf.close()
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat  # the literal characters are printed...
    assert '"><img src=x onerror=alert(1)> Lee' in flat  # ...not interpreted as markup (nothing vanished)
    assert "&lt;" not in flat  # and not double-escaped
