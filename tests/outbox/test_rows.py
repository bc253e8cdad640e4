"""Outbox rows converge on what the sending app wants, in its transaction: a sent row stays sent, a claimed one
keeps going out, a repeat writes nothing, a rollback leaves the rows as they were, a withdrawn row is not sent.

The rows are a booking's (bookings.messages), the outbox's busiest customer."""

import pytest
from django.db import transaction

from bookings.messages import BookingMessage, sync_appointment_reminders
from bookings.services import book_consultation, cancel_appointment, reschedule_appointment
from outbox.models import Reminder
from tests.helpers import london, reminders, summary

pytestmark = pytest.mark.django_db
Status = Reminder.Status


def test_a_sent_reminder_stays_sent_and_the_new_time_gets_its_own(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    day_before = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)[0]
    Reminder.objects.filter(pk=day_before.pk).update(status=Status.SENT, sent_at=day_before.due_at)
    reschedule_appointment(appointment_id=appointment.pk, start=london(2026, 12, 3, 10, 0))
    rows = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)
    assert summary(rows) == [
        (BookingMessage.CONSULTATION_REMINDER, "email", london(2026, 12, 1, 10, 0), Status.SENT),
        (BookingMessage.CONSULTATION_REMINDER, "email", london(2026, 12, 2, 10, 0), Status.PENDING),
        (BookingMessage.CONSULTATION_REMINDER, "sms", london(2026, 12, 3, 8, 0), Status.PENDING),
    ]


def test_syncing_twice_writes_nothing_more(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    before = summary(reminders(appointment))
    sync_appointment_reminders(appointment=appointment)
    sync_appointment_reminders(appointment=appointment)
    assert summary(reminders(appointment)) == before


def test_a_rolled_back_change_leaves_the_reminders_as_they_were(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    before = summary(reminders(appointment))
    with pytest.raises(RuntimeError), transaction.atomic():
        cancel_appointment(appointment_id=appointment.pk)
        raise RuntimeError("failed after cancelling")
    assert summary(reminders(appointment)) == before


def test_a_due_or_claimed_reminder_survives_a_change_that_keeps_its_time(time_machine, artist, details):
    """Moving to another artist at the same time, or re-saving a session, must not cancel what is going out."""
    from outbox.services.dispatch import claim_due_reminders
    from tests.bookings.factories import ArtistFactory
    from tests.helpers import EVERY_DAY

    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    other = ArtistFactory(hours=EVERY_DAY)
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details, artist_id=artist.pk)
    day_before = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)[0]
    time_machine.move_to(day_before.due_at, tick=False)
    assert day_before.pk in claim_due_reminders(limit=10)
    reschedule_appointment(appointment_id=appointment.pk, start=appointment.start, artist_id=other.pk, online=False)
    day_before.refresh_from_db()
    assert day_before.status == Status.SENDING


def test_a_claimed_confirmation_is_withdrawn_by_the_cancellation(frozen, artist, details):
    from outbox.services.delivery import deliver_reminder
    from outbox.services.dispatch import claim_due_reminders

    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    confirmation = Reminder.objects.about(appointment).get(kind=BookingMessage.CONFIRMED)
    assert confirmation.pk in claim_due_reminders(limit=10)
    cancel_appointment(appointment_id=appointment.pk)
    assert deliver_reminder(reminder_id=confirmation.pk) == "cancelled"
