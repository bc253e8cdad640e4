"""The "fill in your intake form" reminder: written with the booking, once, following a move, skipped when done."""

import pytest
from django.core import mail

from bookings.services import book_consultation, cancel_appointment, reschedule_appointment
from bookings.tokens import make_manage_token
from intake.messages import sync_intake_reminder
from intake.models import Intake
from intake.services import finish_photos, mark_consent_signed, save_concern, save_screening_answers
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from tests.helpers import london, utc

pytestmark = pytest.mark.django_db
KIND = "intake_reminder"


def _rows(intake):
    return list(Reminder.objects.filter(kind=KIND, subject_id=intake.pk).order_by("pk"))


def test_booking_writes_one_reminder_two_days_before(booked):
    (row,) = _rows(booked.intake)
    assert (row.due_at, row.expires_at, row.status) == (utc(2026, 12, 1, 10, 0), utc(2026, 12, 1, 11, 0), "pending")
    assert row.client_id == booked.client_id
    sync_intake_reminder(intake=Intake.objects.get(pk=booked.intake.pk))  # twice: still one
    assert len(_rows(booked.intake)) == 1


def test_it_is_not_about_the_appointment(booked):
    # Its subject is the intake: bookings' own lists of an appointment's rows are unchanged.
    assert not Reminder.objects.about(booked).filter(kind=KIND).exists()


def test_the_lead_is_a_setting(settings, frozen, artist, details):
    settings.INTAKE_REMINDER_HOURS = 72
    appointment = book_consultation(start=london(2026, 12, 4, 9, 0), artist_id=artist.pk, client_details=details)
    assert [r.due_at for r in _rows(appointment.intake)] == [utc(2026, 12, 1, 9, 0)]
    settings.INTAKE_REMINDER_HOURS = 0  # none
    sync_intake_reminder(intake=Intake.objects.get(pk=appointment.intake.pk))
    assert [r.status for r in _rows(appointment.intake)] == ["cancelled"]


def test_a_booking_less_than_two_days_ahead_has_none(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 1, 9, 0), artist_id=artist.pk, client_details=details)
    assert _rows(appointment.intake) == []


def test_the_reminder_follows_a_move(booked, frozen):
    reschedule_appointment(appointment_id=booked.pk, start=london(2026, 12, 4, 15, 0))
    (row,) = _rows(booked.intake)
    assert (row.due_at, row.status) == (utc(2026, 12, 2, 15, 0), "pending")
    assert row.key.endswith("20261202T1500Z")
    frozen.move_to(row.due_at)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert "Friday 4 December 2026 at 15:00" in mail.outbox[-1].body


def test_a_move_the_hook_missed_is_skipped_at_send_time(booked, frozen):
    (row,) = _rows(booked.intake)
    moved = {"start": london(2026, 12, 5, 10, 0), "end": london(2026, 12, 5, 10, 30)}
    type(booked).objects.filter(pk=booked.pk).update(**moved, blocked_until=london(2026, 12, 5, 10, 45))
    frozen.move_to(row.due_at)
    assert deliver_reminder(reminder_id=row.pk) == "skipped"
    assert Reminder.objects.get(pk=row.pk).note == "the consultation has moved since"


def test_cancelling_cancels_it(booked):
    cancel_appointment(appointment_id=booked.pk)
    (row,) = _rows(booked.intake)
    assert (row.status, row.note) == ("cancelled", "consultation cancelled")


def test_skipped_when_the_intake_is_complete(booked, frozen):
    intake = booked.intake
    save_screening_answers(intake_id=intake.pk, answers={})
    save_concern(intake_id=intake.pk, concern="crown", since="under_1")
    finish_photos(intake_id=intake.pk)
    mark_consent_signed(intake_id=intake.pk)
    (row,) = _rows(intake)
    frozen.move_to(row.due_at)
    assert deliver_reminder(reminder_id=row.pk) == "skipped"
    assert Reminder.objects.get(pk=row.pk).note == "the intake is complete"
    assert mail.outbox == [] or all("intake form" not in m.subject for m in mail.outbox)


def test_the_reminder_reads_well_and_links_to_the_intake(booked, frozen):
    (row,) = _rows(booked.intake)
    frozen.move_to(row.due_at)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    message = mail.outbox[-1]
    assert message.subject == "Before your consultation: your intake form"
    assert message.to == ["alex@example.com"]
    body = message.body
    assert "Thursday 3 December 2026 at 10:00 (UK time) with Sam Okafor" in body
    assert f"http://testserver/bookings/{make_manage_token(booked)}/intake/" in body
    html = message.alternatives[0][0]
    assert "Fill in my intake form" in html
