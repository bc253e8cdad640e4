"""The e-mails telling a client that a treatment session was scheduled, moved or cancelled, with their calendar
files (one UID, a rising SEQUENCE, METHOD:CANCEL on a cancellation), and the consultation's "moved" e-mail."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from bookings.messages import BookingMessage
from bookings.services import (
    book_consultation,
    cancel_appointment,
    cancel_plan,
    record_outcome,
    reschedule_appointment,
    reschedule_session,
    schedule_session,
)
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from tests.helpers import london, reminders, user_with

pytestmark = pytest.mark.django_db
PREPARE = "Come with a clean, dry scalp."


def ics(message):
    (_name, content, mimetype) = next(a for a in message.attachments if a[0].endswith(".ics"))
    calendar = Calendar.from_ical(content)
    return calendar, next(iter(calendar.walk("VEVENT"))), mimetype


@pytest.fixture
def prepared(session_services):
    for service in session_services:
        service.preparation = PREPARE
        service.save()


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a change and deliver what it queued (as the worker would once it commits); the messages sent."""

    def run(change, *args, **kwargs):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = change(*args, **kwargs)
        return result, mail.outbox[before:]

    return run


def test_a_scheduled_session_is_e_mailed_with_its_time_length_artist_preparation_and_ics(frozen, plan, prepared, sent):
    done, (message,) = sent(schedule_session, plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0))
    session = done.appointment
    assert message.subject.startswith("Your SMP session 1 is booked")
    assert message.to == [plan.client.email]
    for text in ("session 1 of 3 is booked", "Tuesday 1 December 2026, 10:00", "Length: 3 hours", "Sam Okafor"):
        assert text in message.body
    assert "How to prepare" in message.body and PREPARE in message.body
    html, _ = message.alternatives[0]
    assert "3 hours" in html and PREPARE in html and reverse("portal:home") in html
    calendar, event, mimetype = ics(message)
    assert (calendar["METHOD"], mimetype) == ("PUBLISH", "text/calendar; method=PUBLISH")
    assert str(event["UID"]).startswith(str(session.public_id)) and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == session.start and event.decoded("DTEND") == session.end
    assert "SMP session 1 of 3" in event["SUMMARY"] and PREPARE in event["DESCRIPTION"]


def test_a_staff_move_names_the_old_and_new_time_and_updates_the_same_event(frozen, plan, prepared, sent):
    done, (first,) = sent(schedule_session, plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0))
    _, (moved,) = sent(reschedule_session, appointment_id=done.appointment.pk, start=london(2026, 12, 2, 13, 0))
    assert moved.subject.startswith("Your SMP session 1 has been moved")
    assert "Was:   Tuesday 1 December 2026, 10:00" in moved.body
    assert "Now:   Wednesday 2 December 2026, 13:00" in moved.body
    assert "Length: 3 hours" in moved.body and PREPARE in moved.body
    html, _ = moved.alternatives[0]
    assert "<s>Tuesday 1 December 2026, 10:00 (UK time)</s>" in html and "Wednesday 2 December 2026, 13:00" in html
    _, before, _ = ics(first)
    calendar, after, _ = ics(moved)
    assert calendar["METHOD"] == "PUBLISH" and after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == london(2026, 12, 2, 13, 0)


def test_an_artist_moving_a_session_in_their_calendar_e_mails_the_client(client, frozen, plan, sent):
    done = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0))
    plan.artist.user = user_with("Artist")
    plan.artist.save()
    client.force_login(plan.artist.user)
    url = reverse("bookings:appointment", args=[done.appointment.pk])
    response, messages = sent(client.post, url, {"move-start": "2026-12-03T11:00"})
    assert response.status_code == 302
    (moved,) = [m for m in messages if "moved" in m.subject]
    assert "Thursday 3 December 2026, 11:00" in moved.body and "Tuesday 1 December 2026, 10:00" in moved.body


def test_moving_twice_quickly_sends_one_e_mail_from_the_time_the_client_knew(frozen, plan, sent):
    done, _ = sent(schedule_session, plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0))
    session = done.appointment
    # Both moves commit before any worker gets to the first "moved" e-mail.
    reschedule_session(appointment_id=session.pk, start=london(2026, 12, 2, 10, 0))
    reschedule_session(appointment_id=session.pk, start=london(2026, 12, 3, 10, 0))
    rows = reminders(session, BookingMessage.SESSION_MOVED)
    for row in rows:
        deliver_reminder(reminder_id=row.pk)
    (moved,) = mail.outbox[1:]
    assert "Was:   Tuesday 1 December 2026, 10:00" in moved.body
    assert "Now:   Thursday 3 December 2026, 10:00" in moved.body
    assert "Wednesday" not in moved.body
    assert sorted(r.status for r in reminders(session, BookingMessage.SESSION_MOVED)) == sorted(
        [Reminder.Status.CANCELLED, Reminder.Status.SENT]
    )


def test_a_session_e_mail_delivered_twice_is_sent_once(frozen, plan):
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0)).appointment
    (row,) = reminders(session, BookingMessage.SESSION_SCHEDULED)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("how", ["cancel_plan", "cancel_appointment", "outcome"])
def test_a_cancelled_session_sends_method_cancel_for_the_same_event(frozen, plan, sent, how):
    done, (booked,) = sent(schedule_session, plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0))
    session = done.appointment
    cancel = {
        "cancel_plan": lambda: cancel_plan(plan_id=plan.pk),
        "cancel_appointment": lambda: cancel_appointment(appointment_id=session.pk),
        "outcome": lambda: record_outcome(appointment_id=session.pk, outcome="cancelled"),
    }[how]
    _, (message,) = sent(cancel)
    assert message.subject.startswith("Your SMP session 1 has been cancelled")
    assert "Tuesday 1 December 2026 at 10:00" in message.body and "removes it from your calendar" in message.body
    _, before, _ = ics(booked)
    calendar, event, mimetype = ics(message)
    assert (calendar["METHOD"], mimetype) == ("CANCEL", "text/calendar; method=CANCEL")
    assert event["UID"] == before["UID"] and event["SEQUENCE"] > before["SEQUENCE"]
    assert event["STATUS"] == "CANCELLED" and str(event["ATTENDEE"]) == f"mailto:{plan.client.email}"


def test_a_consultation_moved_e_mail_names_the_old_time(frozen, artist, details, sent):
    appointment, _ = sent(book_consultation, start=london(2026, 12, 1, 10, 0), client_details=details)
    _, (moved,) = sent(reschedule_appointment, appointment_id=appointment.pk, start=london(2026, 12, 3, 14, 0))
    assert moved.subject.startswith("Your consultation has been moved")
    assert "Was:   Tuesday 1 December 2026, 10:00" in moved.body
    assert "Now:   Thursday 3 December 2026, 14:00" in moved.body
    assert "<s>Tuesday 1 December 2026, 10:00 (UK time)</s>" in moved.alternatives[0][0]
    assert "calendar file updates the event" in moved.body
