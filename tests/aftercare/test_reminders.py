"""Reminder rows follow their appointments and quotes, in the same transaction, exactly once."""

from datetime import timedelta

import pytest
from django.db import transaction

from bookings.messages import BookingMessage, sync_appointment_reminders
from bookings.services import (
    book_consultation,
    cancel_appointment,
    cancel_plan,
    reschedule_appointment,
    reschedule_session,
)
from outbox.models import Reminder
from quotes.messages import QuoteMessage
from tests.helpers import london, schedule_all, utc

pytestmark = pytest.mark.django_db
Status = Reminder.Status


def reminders(appointment, *kinds):
    qs = Reminder.objects.about(appointment).order_by("due_at", "channel")
    return list(qs.filter(kind__in=kinds) if kinds else qs)


def summary(rows):
    return [(r.kind, r.channel, r.due_at, r.status) for r in rows]


def test_a_booking_gets_its_confirmation_and_reminders_at_the_configured_leads(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    assert summary(reminders(appointment)) == [
        (BookingMessage.CONFIRMED, "email", london(2026, 11, 30, 8, 0), Status.PENDING),
        (BookingMessage.CONSULTATION_REMINDER, "email", london(2026, 12, 1, 10, 0), Status.PENDING),
        (BookingMessage.CONSULTATION_REMINDER, "sms", london(2026, 12, 2, 8, 0), Status.PENDING),
    ]
    day_before, two_hours = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)
    assert day_before.expires_at == london(2026, 12, 1, 11, 0)  # one hour's grace
    assert two_hours.expires_at == london(2026, 12, 2, 9, 0)
    assert day_before.key == f"consultation:a{appointment.pk}:email:20261201T1000Z"


def test_offsets_are_settings(frozen, artist, details, settings):
    settings.REMINDER_CONSULTATION_HOURS = [72, 6]
    settings.REMINDER_SMS_HOURS = []
    appointment = book_consultation(start=london(2026, 12, 4, 10, 0), client_details=details)
    due = [r.due_at for r in reminders(appointment, BookingMessage.CONSULTATION_REMINDER)]
    assert due == [london(2026, 12, 1, 10, 0), london(2026, 12, 4, 4, 0)]


def test_a_lead_that_has_already_passed_is_not_created(frozen, artist, details):
    appointment = book_consultation(
        start=london(2026, 11, 30, 11, 0), client_details=details, online=False
    )  # 3 hours ahead: no 24-hour reminder to miss, the 2-hour text still goes
    assert summary(reminders(appointment, BookingMessage.CONSULTATION_REMINDER)) == [
        (BookingMessage.CONSULTATION_REMINDER, "sms", london(2026, 11, 30, 9, 0), Status.PENDING)
    ]


def test_rescheduling_moves_the_pending_rows_and_cancelling_cancels_them(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    before = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)
    reschedule_appointment(appointment_id=appointment.pk, start=london(2026, 12, 3, 14, 0))
    after = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)
    assert [r.pk for r in after] == [r.pk for r in before]  # moved, not duplicated
    assert [r.due_at for r in after] == [london(2026, 12, 2, 14, 0), london(2026, 12, 3, 12, 0)]
    assert all(r.status == Status.PENDING for r in after)
    cancel_appointment(appointment_id=appointment.pk)
    cancelled = reminders(appointment, BookingMessage.CONSULTATION_REMINDER)
    assert {(r.status, r.note) for r in cancelled} == {(Status.CANCELLED, "appointment cancelled")}
    messages = [
        r.kind for r in reminders(appointment, BookingMessage.CONFIRMED, BookingMessage.MOVED, BookingMessage.CANCELLED)
    ]
    assert sorted(messages) == sorted([BookingMessage.CONFIRMED, BookingMessage.MOVED, BookingMessage.CANCELLED])


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


def test_sessions_get_48_and_2_hour_reminders_that_follow_moves_and_plan_cancellation(frozen, plan):
    first, second = schedule_all(plan, [london(2026, 12, 1, 10, 0), london(2026, 12, 11, 10, 0)])
    assert summary(reminders(second)) == [
        (BookingMessage.SESSION_REMINDER, "email", london(2026, 12, 9, 10, 0), Status.PENDING),
        (BookingMessage.SESSION_REMINDER, "email", london(2026, 12, 11, 8, 0), Status.PENDING),
        (BookingMessage.SESSION_REMINDER, "sms", london(2026, 12, 11, 8, 0), Status.PENDING),
    ]
    # session 1 is 26 hours away: the 48-hour reminder is already past, so only the 2-hour ones exist
    assert [r.due_at for r in reminders(first)] == [london(2026, 12, 1, 8, 0)] * 2
    reschedule_session(appointment_id=second.pk, start=london(2026, 12, 12, 13, 0))
    assert [r.due_at for r in reminders(second)] == [london(2026, 12, 10, 13, 0)] + [london(2026, 12, 12, 11, 0)] * 2
    cancel_plan(plan_id=plan.pk)
    assert {r.status for r in reminders(first) + reminders(second)} == {Status.CANCELLED}


def test_the_48_hour_lead_is_real_time_across_the_spring_clock_change(time_machine, plan):
    time_machine.move_to(london(2027, 3, 20, 8, 0), tick=False)
    (session,) = schedule_all(plan, [london(2027, 3, 29, 10, 0)])  # Monday, BST (UTC+1)
    early = reminders(session, BookingMessage.SESSION_REMINDER)[0]
    # 48 real hours: Saturday 09:00 GMT, though the session is at 10:00 BST (the clocks went forward)
    assert early.due_at == utc(2027, 3, 27, 9, 0) == london(2027, 3, 27, 9, 0)
    assert session.start - early.due_at == timedelta(hours=48)


def test_quote_expiry_reminder_goes_out_at_the_morning_time_and_stops_when_answered(frozen, eligible_client):
    from quotes.services import accept_quote, issue_quote, save_draft
    from tests.bookings.factories import ArtistFactory

    ArtistFactory()
    draft = save_draft(client=eligible_client, treatment_type="full_head", extent_scale="norwood", extent_stage=5)
    quote = issue_quote(quote_id=draft.pk)
    (row,) = Reminder.objects.about(quote, kinds_=[QuoteMessage.EXPIRING])
    issued = Reminder.objects.about(quote, kinds_=[QuoteMessage.ISSUED]).get()  # the quote itself, due now
    assert issued.status == Status.PENDING
    assert quote.valid_until.isoformat() == "2026-12-30"
    assert (row.kind, row.due_at) == (QuoteMessage.EXPIRING, london(2026, 12, 27, 9, 0))
    accept_quote(quote_id=quote.pk, typed_name=eligible_client.full_name)
    row.refresh_from_db()
    assert (row.status, row.note) == (Status.CANCELLED, "quote accepted")


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
