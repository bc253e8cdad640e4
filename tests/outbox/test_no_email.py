"""E-mails to a client without an address wait (skipped, "no e-mail address yet"); texts still go."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from bookings.ics import appointment_ics
from bookings.messages import BookingMessage
from bookings.services import book_consultation, cancel_appointment
from clients.services import ClientDetails
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from outbox.services.dispatch import claim_due_reminders
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db
Status = Reminder.Status


@pytest.fixture
def phone_client(db):
    return ClientFactory(full_name="Jo Bright", email="", phone="+447911123459", contact_consent=True)


@pytest.fixture
def booking(frozen, artist, phone_client, django_capture_on_commit_callbacks):
    details = ClientDetails(full_name="Jo Bright", email="", phone="+447911123459")
    with django_capture_on_commit_callbacks(execute=True):
        return book_consultation(
            start=london(2026, 12, 3, 10, 0), client=phone_client, client_details=details, online=False
        )


def due(time_machine, row):
    time_machine.move_to(row.due_at, tick=False)
    assert row.pk in claim_due_reminders(limit=100)


def reminder(appointment, channel):
    return Reminder.objects.about(appointment).get(kind=BookingMessage.CONSULTATION_REMINDER, channel=channel)


def test_the_confirmation_is_skipped_not_failed(booking):
    row = Reminder.objects.about(booking).get(kind=BookingMessage.CONFIRMED)
    assert (row.status, row.note, row.last_error) == (Status.SKIPPED, "no e-mail address yet", "")
    assert mail.outbox == []


def test_the_text_goes_and_the_email_waits(time_machine, booking, settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "outbox.sms.FileBackend", tmp_path
    email_row, sms_row = reminder(booking, "email"), reminder(booking, "sms")
    due(time_machine, email_row)
    assert deliver_reminder(reminder_id=email_row.pk) == "skipped"
    email_row.refresh_from_db()
    assert email_row.note == "no e-mail address yet" and mail.outbox == []
    due(time_machine, sms_row)
    assert deliver_reminder(reminder_id=sms_row.pk) == "sent"
    (text,) = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    assert text["to"] == "+447911123459"


def test_once_an_address_is_added_the_next_messages_go_to_it(time_machine, booking, phone_client):
    phone_client.email = "jo@example.com"
    phone_client.save()
    row = reminder(booking, "email")
    due(time_machine, row)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert mail.outbox[-1].to == ["jo@example.com"]


def test_a_cancellation_file_has_no_attendee_without_an_address(booking):
    cancelled = cancel_appointment(appointment_id=booking.pk, online=False)
    ics = appointment_ics(cancelled, manage_url="https://example.test/m").decode()
    assert "METHOD:CANCEL" in ics and "ATTENDEE" not in ics and "mailto:\r\n" not in ics


def test_issuing_a_quote_says_it_was_not_emailed(
    client, staff, booking, phone_client, django_capture_on_commit_callbacks
):
    from quotes.services import save_draft

    draft = save_draft(client=phone_client, treatment_type="crown")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quotes:issue", args=[draft.pk]), follow=True)
    html = response.content.decode()
    assert "issued, not e-mailed: Jo Bright has no e-mail address" in html and "e-mailed to" not in html
    assert mail.outbox == []
    quote_row = Reminder.objects.filter(client=phone_client, kind="quote_issued").get()
    assert quote_row.status == Status.SKIPPED and quote_row.note == "no e-mail address yet"
