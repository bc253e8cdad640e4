"""Booking e-mails, their calendar files, and their outbox rows."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from bookings.messages import BookingMessage
from bookings.services import book_consultation, cancel_appointment
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from tests.bookings.factories import ArtistFactory
from tests.helpers import LONDON, london, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(17))] for d in range(7)})


def ics_event(message):
    (_name, content, mimetype) = next(a for a in message.attachments if a[0].endswith(".ics"))
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_confirmation_has_text_html_and_a_valid_ics(frozen, artist, details, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    message = mail.outbox[0]
    assert "Tuesday 1 December 2026, 10:00" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Sam Okafor" in html
    manage_link = next(line for line in message.body.splitlines() if "/bookings/" in line).split(": ", 1)[1]
    assert manage_link in html
    calendar, event = ics_event(message)
    assert calendar["METHOD"] == "PUBLISH"  # a copy for the calendar, not an invitation
    assert event.decoded("DTSTART") == appointment.start
    assert event.decoded("DTEND") == appointment.end
    assert str(event["UID"]).startswith(str(appointment.public_id))
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"


def test_summer_ics_is_in_bst(time_machine, artist, details, django_capture_on_commit_callbacks):
    time_machine.move_to(london(2027, 6, 1, 8, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        book_consultation(start=london(2027, 6, 2, 10, 0), client_details=details)
    _, event = ics_event(mail.outbox[0])
    start = event.decoded("DTSTART")
    assert start == utc(2027, 6, 2, 9, 0)
    assert start.utcoffset() == timedelta(hours=1)
    assert start.tzinfo.key == LONDON.key if hasattr(start.tzinfo, "key") else True
    assert "10:00" in mail.outbox[0].body


def test_cancellation_ics_cancels_the_same_event(frozen, artist, details, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment_id=appointment.pk)
    _, booked = ics_event(mail.outbox[0])
    calendar, cancelled = ics_event(mail.outbox[1])
    assert calendar["METHOD"] == "PUBLISH"
    assert cancelled["UID"] == booked["UID"]
    assert cancelled["SEQUENCE"] > booked["SEQUENCE"]
    assert cancelled["STATUS"] == "CANCELLED"


def test_a_confirmation_is_an_outbox_row_written_with_the_booking(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    row = Reminder.objects.about(appointment).get(kind=BookingMessage.CONFIRMED)
    assert (row.status, row.due_at) == (Reminder.Status.PENDING, london(2026, 11, 30, 8, 0))
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert deliver_reminder(reminder_id=row.pk) == "sent"  # run twice: nothing more
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<reminder-{row.pk}.")


def test_an_unsent_confirmation_is_superseded_by_the_cancellation(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    cancel_appointment(appointment_id=appointment.pk)
    confirmation = Reminder.objects.about(appointment).get(kind=BookingMessage.CONFIRMED)
    assert (confirmation.status, confirmation.note) == (Reminder.Status.CANCELLED, "superseded by a newer message")
    assert deliver_reminder(reminder_id=confirmation.pk) == "cancelled"
    assert mail.outbox == []


def test_a_rolled_back_booking_leaves_no_message(frozen, artist, details):
    with pytest.raises(RuntimeError), transaction.atomic():
        book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
        raise RuntimeError("the request failed after booking")
    assert not Reminder.objects.exists()
