"""Delivering reminders, exactly once from the client's point of view.

For each reminder: re-read the row, check it still makes sense, stage the message with its channel,
then mark the row sent with a conditional UPDATE (only if it is still this delivery's to make: claimed,
or due and pending) and only after that commits release the message (see clinic/mail.py).

- A worker killed before the UPDATE commits has delivered nothing; the claim goes stale and the
  dispatcher hands the row out again.
- Two deliveries of the same row (a redelivered task, "send now" during a dispatch) both may stage;
  the UPDATE lets one win and the other withdraws its staged message.
- A cancellation or a move committed meanwhile changed the row's status, so the UPDATE matches
  nothing and the message is withdrawn: nothing goes out for a cancelled appointment.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from bookings.models import Appointment

from ..channels import send_or_stage
from ..models import Reminder
from ..timing import retry_delay

Kind, Status = Reminder.Kind, Reminder.Status
APPOINTMENT_KINDS = (Kind.CONSULTATION, Kind.SESSION)
RELATED = ("client", "appointment__artist", "appointment__plan", "schedule", "step", "quote")


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


def _ours(reminder: Reminder, now: datetime) -> Q:
    """The row is still this delivery's: claimed for sending, or (handed straight over) due and pending.

    Each claim counts an attempt, so `attempts` identifies the claim (a row handed out again after its
    lease has a higher count). Not `claimed_at`: a batch shares it, and the planner would scan the batch
    through the claimed-rows index instead of going by primary key.
    """
    if reminder.status == Status.PENDING:
        return Q(status=Status.PENDING, available_at__lte=now)
    return Q(status=Status.SENDING, attempts=reminder.attempts)


def _mark(reminder: Reminder, now: datetime, **fields) -> bool:
    """One conditional UPDATE (its own transaction): True if this delivery made the change."""
    return bool(Reminder.objects.filter(_ours(reminder, now), pk=reminder.pk).update(updated_at=now, **fields))


def _failure(reminder: Reminder, error: BaseException) -> dict:
    """Back to pending after a backoff, or failed (shown to staff) once the attempts are used up."""
    fields = {"last_error": f"{type(error).__name__}: {error}"[:2000], "attempts": reminder.attempts}
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        return fields | {"status": Status.FAILED, "note": f"gave up after {reminder.attempts} attempts"}
    return fields | {"status": Status.PENDING, "available_at": timezone.now() + retry_delay(reminder.attempts)}


def deliver_reminder(*, reminder_id: int, now: datetime | None = None, preloaded: Reminder | None = None) -> str:
    """Send one claimed (or due, pending) reminder; safe to run any number of times for the same row.

    `preloaded`: the row with its related objects, read just before (see `deliver_reminders`).
    """
    now = now or timezone.now()
    reminder = preloaded or Reminder.objects.select_related(*RELATED).filter(pk=reminder_id).first()
    if reminder is None:
        return "gone"
    if reminder.status == Status.PENDING and reminder.available_at <= now:
        reminder.attempts += 1  # handed straight to us (booking e-mails, "send now")
    elif reminder.status != Status.SENDING:
        return reminder.status
    if reason := skip_reason(reminder, now):
        return (
            "skipped"
            if _mark(reminder, now, status=Status.SKIPPED, note=reason, attempts=reminder.attempts)
            else "lost"
        )
    try:
        staged = send_or_stage(reminder)
    except Exception as error:  # any channel failure is retried; the row keeps the message
        failure = _failure(reminder, error)
        return failure["status"] if _mark(reminder, now, **failure) else "lost"
    try:
        won = _mark(reminder, now, status=Status.SENT, sent_at=now, last_error="", attempts=reminder.attempts)
    except BaseException:
        if staged is not None:
            staged.abort()
        raise
    if not won:  # someone else sent it, or it was cancelled or moved meanwhile
        if staged is not None:
            staged.abort()
        return "lost"
    if staged is not None:
        try:
            staged.release()
        except Exception as error:
            reminder.status = Status.SENT  # what we just wrote; put it back for another attempt
            Reminder.objects.filter(pk=reminder.pk, status=Status.SENT).update(
                updated_at=now, **_failure(reminder, error)
            )
            return "retry"
    return "sent"


def deliver_reminders(*, reminder_ids: list[int], now: datetime | None = None) -> dict[str, int]:
    """`deliver_reminder` for each id, with the rows and what their messages need read in one query."""
    loaded = Reminder.objects.select_related(*RELATED).in_bulk(reminder_ids)
    outcomes: dict[str, int] = {}
    for reminder_id in reminder_ids:
        outcome = deliver_reminder(reminder_id=reminder_id, now=now, preloaded=loaded.get(reminder_id))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
