"""Delivering one reminder: once, only while it still makes sense, retried with backoff, staged."""

import json
import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail
from django.db import connection

from bookings.messages import BookingMessage
from bookings.models import BookingPolicy
from bookings.services import book_consultation, cancel_appointment
from clinic.mail import SMTPBackend
from outbox.content import message_id
from outbox.models import Reminder
from outbox.services import delivery
from outbox.services.delivery import deliver_reminder
from outbox.services.dispatch import claim_due_reminders
from outbox.services.rows import send_reminder_now
from tests.helpers import london
from tests.outbox.factories import top_up_rows

pytestmark = pytest.mark.django_db
Status = Reminder.Status


@pytest.fixture
def booking(frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    Reminder.objects.filter(kind=BookingMessage.CONFIRMED).update(
        status=Status.SENT, sent_at=london(2026, 11, 30, 8, 0)
    )
    return appointment


def reminder(appointment, channel="email"):
    return Reminder.objects.about(appointment).get(kind=BookingMessage.CONSULTATION_REMINDER, channel=channel)


def at_due_time(time_machine, row, minutes=0):
    time_machine.move_to(row.due_at + timedelta(minutes=minutes), tick=False)
    assert claim_due_reminders(limit=100) == [row.pk]


def test_running_it_twice_sends_one_email_with_a_stable_message_id(time_machine, booking):
    row = reminder(booking)
    at_due_time(time_machine, row)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Reminder: your free consultation")
    assert "Wednesday 2 December 2026 at 10:00" in message.body
    assert "/bookings/" in message.body  # the manage link
    assert message.extra_headers["Message-ID"] == message_id(row)
    assert re.fullmatch(rf"<reminder-{row.pk}\.[0-9a-f]{{12}}@northline\.example>", message_id(row))
    html, _ = message.alternatives[0]
    assert "Sam Okafor" in html
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, row.due_at)


def test_an_unclaimed_future_reminder_is_not_sent(frozen, booking):
    assert deliver_reminder(reminder_id=reminder(booking).pk) == "pending"
    assert mail.outbox == []


def test_cancelled_after_it_was_claimed_it_is_not_sent(time_machine, booking):
    row = reminder(booking)
    at_due_time(time_machine, row)
    cancel_appointment(appointment_id=booking.pk)
    assert deliver_reminder(reminder_id=row.pk) == "cancelled"
    assert not [m for m in mail.outbox if "Reminder" in m.subject]


def test_more_than_the_grace_period_late_it_is_skipped_and_visible(time_machine, booking):
    row = reminder(booking)
    time_machine.move_to(row.due_at + timedelta(minutes=61), tick=False)
    assert claim_due_reminders(limit=100) == []
    row.refresh_from_db()
    assert (row.status, row.note) == (Status.SKIPPED, "too late: more than the grace period after it was due")
    assert mail.outbox == []


def test_without_contact_consent_only_transactional_ones_go(time_machine, booking, eligible_client):
    booking.client.contact_consent = False
    booking.client.save()
    (top_up,) = top_up_rows(
        1, client=booking.client, due_at=london(2026, 12, 1, 9, 0), expires_at=london(2026, 12, 31, 9, 0)
    )
    row = reminder(booking)
    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=False)
    assert sorted(claim_due_reminders(limit=100)) == sorted([row.pk, top_up.pk])
    assert deliver_reminder(reminder_id=top_up.pk) == "skipped"
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    top_up.refresh_from_db()
    assert top_up.note == "the client has not agreed to messages beyond their bookings"
    assert len(mail.outbox) == 1


def test_a_failing_channel_is_retried_with_exponential_backoff_then_failed(time_machine, booking, settings):
    settings.EMAIL_BACKEND = "clinic.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    settings.REMINDER_MAX_ATTEMPTS = 4
    row = reminder(booking)
    now = row.due_at
    waits = []
    for attempt in range(1, 5):
        time_machine.move_to(now, tick=False)
        assert claim_due_reminders(limit=100) == [row.pk]
        deliver_reminder(reminder_id=row.pk)
        row.refresh_from_db()
        assert row.attempts == attempt and "ConnectionRefusedError" in row.last_error
        if row.status == Status.PENDING:
            waits.append(row.available_at - now)
            now = row.available_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert (row.status, row.note) == (Status.FAILED, "gave up after 4 attempts")
    # staff retry: attempts start again and it goes out now
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminder_now(reminder_id=row.pk)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


def test_sms_goes_through_the_configured_backend(time_machine, booking, settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "outbox.sms.FileBackend", tmp_path
    row = reminder(booking, channel="sms")
    at_due_time(time_machine, row)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert deliver_reminder(reminder_id=row.pk) == "sent"  # run twice: still one text
    (text,) = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    assert text["to"] == "+447911123456" and text["reference"] == row.key
    assert "Reminder: your free consultation" in text["body"] and "10:00" in text["body"]
    assert list(tmp_path.glob(".*.part")) == []


class SMTPSink:
    def __init__(self):
        self.messages = []
        sink = self

        class Handler(Message):
            def handle_message(self, message):
                sink.messages.append(message)

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


@pytest.fixture
def smtp_sink(settings):
    sink = SMTPSink()
    sink.controller.start()
    settings.EMAIL_BACKEND = "clinic.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
    yield sink
    sink.controller.stop()


def test_through_a_real_smtp_server_the_message_arrives_once(time_machine, booking, smtp_sink):
    row = reminder(booking)
    at_due_time(time_machine, row)
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    (message,) = smtp_sink.messages
    assert message["Message-ID"] == message_id(row)
    assert message["To"] == booking.client.email


def test_a_staged_message_whose_sender_dies_is_never_delivered(booking, smtp_sink):
    """The worker-killed-before-commit case: MAIL, RCPT and DATA went out, the final "." never did."""
    backend = SMTPBackend()
    staged = backend.stage(mail.EmailMessage("Staged", "body", to=["a@example.com"]))
    backend.connection.sock.shutdown(socket.SHUT_RDWR)  # the process vanishes: no QUIT, no "."
    backend.connection.sock.close()
    released = SMTPBackend()
    released.stage(mail.EmailMessage("Released", "body", to=["b@example.com"])).release()
    released.close()
    assert [m["Subject"] for m in smtp_sink.messages] == ["Released"]
    del staged


def fail_when_marked_sent(monkeypatch, error):
    original = Reminder.save

    def save(self, *args, **kwargs):
        if self.status == Status.SENT:
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Reminder, "save", save)
    return lambda: monkeypatch.setattr(Reminder, "save", original)


def test_if_marking_it_sent_fails_the_staged_message_is_withdrawn(time_machine, booking, smtp_sink, monkeypatch):
    row = reminder(booking)
    at_due_time(time_machine, row)
    restore = fail_when_marked_sent(monkeypatch, RuntimeError("database went away"))
    with pytest.raises(RuntimeError):
        deliver_reminder(reminder_id=row.pk)
    restore()
    assert smtp_sink.messages == []
    row.refresh_from_db()
    assert row.status == Status.SENDING  # handed out again once the claim goes stale
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert len(smtp_sink.messages) == 1


def test_two_deliveries_of_one_row_send_one_message(time_machine, booking, smtp_sink):
    """A redelivered task whose row was read before the first one sent it: it finds the row sent."""
    row = reminder(booking)
    at_due_time(time_machine, row)
    first = delivery.preload([row.pk])[row.pk]
    second = delivery.preload([row.pk])[row.pk]
    assert deliver_reminder(reminder_id=row.pk, preloaded=first) == "sent"
    assert deliver_reminder(reminder_id=row.pk, preloaded=second) == "sent"
    assert len(smtp_sink.messages) == 1


def test_a_delivery_from_before_the_claim_was_renewed_still_sends_only_once(time_machine, booking, settings, smtp_sink):
    row = reminder(booking)
    at_due_time(time_machine, row)
    old = delivery.preload([row.pk])[row.pk]
    time_machine.move_to(row.due_at + timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1), tick=False)
    assert claim_due_reminders(limit=10) == [row.pk]
    assert deliver_reminder(reminder_id=row.pk, preloaded=old) == "sent"
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert len(smtp_sink.messages) == 1
    row.refresh_from_db()
    assert row.attempts == 2


def test_a_crash_between_sending_and_marking_leaves_one_message_in_an_idempotent_sink(
    time_machine, booking, settings, tmp_path, monkeypatch
):
    """The file backend names a message after its Message-ID: the repeat after a crash replaces it."""
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = "clinic.mail.FileBackend", str(tmp_path)
    row = reminder(booking)
    at_due_time(time_machine, row)
    restore = fail_when_marked_sent(monkeypatch, SystemExit("killed"))  # dies after the file was written
    with pytest.raises(SystemExit):
        deliver_reminder(reminder_id=row.pk)
    restore()
    assert len(list(tmp_path.glob("*.eml"))) == 1
    assert deliver_reminder(reminder_id=row.pk) == "sent"  # handed out again after the lease
    (only,) = tmp_path.glob("*.eml")
    assert message_id(row) in only.read_text()


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_waits_for_the_reminder_being_sent_and_never_follows_it(
    time_machine, artist, details, monkeypatch
):
    """The failure peers have: a reminder sent after the client cancelled. The row lock orders the two."""
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    booking = book_consultation(start=london(2026, 12, 2, 10, 0), client_details=details)
    BookingPolicy.objects.filter(pk=1).update(change_notice_hours=2)  # the client may still cancel online then
    row = reminder(booking)
    time_machine.move_to(row.due_at, tick=True)
    assert claim_due_reminders(limit=10) == [row.pk]
    sending, finished = threading.Event(), {}
    real_send = delivery.send_or_stage

    def slow_send(reminder, connections=None):
        if reminder.pk == row.pk:
            sending.set()
            time.sleep(0.5)  # the client cancels while the reminder is going out
        return real_send(reminder, connections)

    monkeypatch.setattr(delivery, "send_or_stage", slow_send)

    def run(name, fn):
        try:
            fn()
            finished[name] = time.monotonic()
        finally:
            connection.close()

    deliverer = threading.Thread(target=run, args=("delivered", lambda: deliver_reminder(reminder_id=row.pk)))
    deliverer.start()
    assert sending.wait(5)
    canceller = threading.Thread(target=run, args=("cancelled", lambda: cancel_appointment(appointment_id=booking.pk)))
    canceller.start()
    deliverer.join(10)
    canceller.join(10)
    assert finished["delivered"] <= finished["cancelled"]  # the cancellation waited for the send
    row.refresh_from_db()
    assert row.status == Status.SENT
    cancelled = Reminder.objects.about(booking).get(kind=BookingMessage.CANCELLED)
    assert cancelled.due_at >= row.sent_at  # the cancellation's own e-mail comes after the reminder
