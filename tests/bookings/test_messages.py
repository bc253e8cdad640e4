"""Booking e-mails, their calendar files, and their outbox rows (confirmations and reminders at the configured
leads, following moves and cancellations)."""

import dataclasses
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from bookings.messages import BookingMessage
from bookings.services import (
    book_consultation,
    cancel_appointment,
    cancel_plan,
    reschedule_appointment,
    reschedule_session,
)
from bookings.tokens import make_manage_token
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from tests.helpers import LONDON, london, reminders, schedule_all, summary, utc

pytestmark = pytest.mark.django_db
Status = Reminder.Status


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
    assert calendar["METHOD"] == "CANCEL"  # calendar apps remove the event
    assert mail.outbox[1].attachments[0][2] == "text/calendar; method=CANCEL"
    assert str(cancelled["ATTENDEE"]) == "mailto:alex@example.com" and cancelled["ORGANIZER"]
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


# --- Reminder rows: they follow their appointments in the same transaction -----------------------------------


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


def test_sessions_get_48_and_2_hour_reminders_that_follow_moves_and_plan_cancellation(frozen, plan):
    first, second = schedule_all(plan, [london(2026, 12, 1, 10, 0), london(2026, 12, 11, 10, 0)])
    assert summary(reminders(second, BookingMessage.SESSION_REMINDER)) == [
        (BookingMessage.SESSION_REMINDER, "email", london(2026, 12, 9, 10, 0), Status.PENDING),
        (BookingMessage.SESSION_REMINDER, "email", london(2026, 12, 11, 8, 0), Status.PENDING),
        (BookingMessage.SESSION_REMINDER, "sms", london(2026, 12, 11, 8, 0), Status.PENDING),
    ]
    # session 1 is 26 hours away: the 48-hour reminder is already past, so only the 2-hour ones exist
    assert [r.due_at for r in reminders(first, BookingMessage.SESSION_REMINDER)] == [london(2026, 12, 1, 8, 0)] * 2
    reschedule_session(appointment_id=second.pk, start=london(2026, 12, 12, 13, 0))
    assert [r.due_at for r in reminders(second, BookingMessage.SESSION_REMINDER)] == [london(2026, 12, 10, 13, 0)] + [
        london(2026, 12, 12, 11, 0)
    ] * 2
    cancel_plan(plan_id=plan.pk)
    kind = BookingMessage.SESSION_REMINDER
    assert {r.status for r in reminders(first, kind) + reminders(second, kind)} == {Status.CANCELLED}


def test_the_48_hour_lead_is_real_time_across_the_spring_clock_change(time_machine, plan):
    time_machine.move_to(london(2027, 3, 20, 8, 0), tick=False)
    (session,) = schedule_all(plan, [london(2027, 3, 29, 10, 0)])  # Monday, BST (UTC+1)
    early = reminders(session, BookingMessage.SESSION_REMINDER)[0]
    # 48 real hours: Saturday 09:00 GMT, though the session is at 10:00 BST (the clocks went forward)
    assert early.due_at == utc(2027, 3, 27, 9, 0) == london(2027, 3, 27, 9, 0)
    assert session.start - early.due_at == timedelta(hours=48)


def test_confirmation_greets_by_first_name_with_calendar_links_map_and_what_to_bring(
    frozen, artist, details, django_capture_on_commit_callbacks, settings
):
    typed = dataclasses.replace(details, full_name="JAMIE WALSH")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=typed)
    message = mail.outbox[0]
    html, _ = message.alternatives[0]
    assert message.body.startswith("Hello Jamie,") and "<p>Hello Jamie,</p>" in html
    ics_url = f"/bookings/{make_manage_token(appointment)}/consultation.ics"
    for part in (message.body, html):
        assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in part
        assert "https://outlook.live.com/calendar/0/deeplink/compose?" in part
        assert ics_url in part
        assert "What to bring" in part
    assert f"Map:   {settings.CLINIC_MAP_URL}" in message.body
    assert f'<a href="{settings.CLINIC_MAP_URL.replace("&", "&amp;")}">map</a>' in html
    assert "dates=20261201T100000Z%2F20261201T103000Z" in message.body
