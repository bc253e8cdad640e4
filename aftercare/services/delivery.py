"""Delivering one reminder, exactly once from the client's point of view.

`deliver_reminder` locks the row, re-checks that the reminder still makes sense, stages the message
with its channel, marks the row sent and commits, and only then releases the message (see
clinic/mail.py). A worker that dies before the commit delivered nothing and the row is handed out
again when its claim goes stale; a second task for the same row finds it locked or already sent.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings.models import Appointment

from ..channels import send_or_stage
from ..models import Reminder
from ..timing import retry_delay

Kind, Status = Reminder.Kind, Reminder.Status
APPOINTMENT_KINDS = (Kind.CONSULTATION, Kind.SESSION)


def skip_reason(reminder: Reminder, now: datetime) -> str:
    """Why this reminder should not go out now (empty: send it)."""
    if now > reminder.expires_at:
        return "too late: more than the grace period after it was due"
    appointment = reminder.appointment
    if reminder.kind in APPOINTMENT_KINDS and appointment.status != Appointment.Status.BOOKED:
        return f"appointment {appointment.status_label.lower()}"
    if reminder.kind in APPOINTMENT_KINDS and appointment.start <= now:
        return "the appointment has started"
    if reminder.kind == Kind.QUOTE_EXPIRING and reminder.quote.status != reminder.quote.Status.ISSUED:
        return f"quote {reminder.quote.get_status_display().lower()}"
    if not reminder.is_transactional and not reminder.client.contact_consent:
        return "the client has not agreed to messages beyond their bookings"
    if reminder.channel == Reminder.Channel.SMS and not reminder.client.phone:
        return "no mobile number"
    return ""


def _locked(reminder_id: int) -> Reminder | None:
    related = (
        "client",
        "appointment__artist",
        "appointment__plan",
        "appointment__service",
        "schedule",
        "step",
        "quote",
    )
    return (
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related(*related)
        .filter(pk=reminder_id)
        .first()
    )


def record_failure(reminder: Reminder, error: BaseException, now: datetime) -> str:
    """Back to pending after a backoff, or failed (shown to staff) once the attempts are used up."""
    reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        reminder.status, reminder.note = Status.FAILED, f"gave up after {reminder.attempts} attempts"
    else:
        reminder.status, reminder.available_at = Status.PENDING, now + retry_delay(reminder.attempts)
    reminder.save(update_fields=["status", "note", "available_at", "last_error", "updated_at"])
    return reminder.status


def deliver_reminder(*, reminder_id: int, now: datetime | None = None) -> str:
    """Send one claimed (or due, pending) reminder; safe to run any number of times for the same row."""
    now = now or timezone.now()
    staged = None
    try:
        with transaction.atomic():
            reminder = _locked(reminder_id)
            if reminder is None:
                return "busy"  # another worker is on it (or it is gone)
            if reminder.status == Status.PENDING and reminder.available_at <= now:
                reminder.attempts += 1  # handed straight to us (booking e-mails, "send now")
            elif reminder.status != Status.SENDING:
                return reminder.status
            reason = skip_reason(reminder, now)
            if reason:
                reminder.status, reminder.note = Status.SKIPPED, reason
                reminder.save(update_fields=["status", "note", "attempts", "updated_at"])
                return "skipped"
            try:
                staged = send_or_stage(reminder)
            except Exception as error:  # any channel failure is retried; the row keeps the message
                return record_failure(reminder, error, now)
            reminder.status, reminder.sent_at, reminder.last_error = Status.SENT, now, ""
            reminder.save(update_fields=["status", "sent_at", "last_error", "attempts", "updated_at"])
    except BaseException:
        if staged is not None:
            staged.abort()
        raise
    if staged is not None:
        try:
            staged.release()
        except Exception as error:
            with transaction.atomic():
                reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
                return record_failure(reminder, error, now)
    return "sent"
