"""Delivering outbox messages, exactly once from the client's point of view.

For each reminder: lock the row, check it is still due to go (claimed, or due and pending) and still
makes sense, hand the message to its channel, mark the row sent and commit; a staging channel
(SMTP, see clinic/mail.py) delivers only after that commit.

- The row lock serialises a delivery with the cancellation or move of its appointment (their sync
  locks the same rows): either the reminder went before the cancellation, or it sees it cancelled.
- Two deliveries of the same row (a redelivered task, "send now" during a dispatch): the second
  finds the row locked or already sent.
- A worker killed before the commit leaves the row "sending"; the dispatcher hands it out again when
  its claim goes stale. What the dead worker had sent is not lost and not repeated where the channel
  stages (SMTP) or is idempotent (the file backends); other channels may repeat it, with the same
  Message-ID.

A task's batch shares one connection per channel. Where the channel is idempotent, the batch is sent
in one transaction (one locking read, one UPDATE for the rows sent): a crash repeats the whole batch,
which an idempotent channel turns into one message each. Elsewhere each message keeps its own
transaction, so at most the one in flight can repeat (or, staged, none).
"""

from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clients.models import Client

from .. import kinds
from ..channels import Connections, send_or_stage
from ..models import Reminder
from ..timing import retry_delay

Status = Reminder.Status
NO_EMAIL_YET = "no e-mail address yet"


def skip_reason(reminder: Reminder, now: datetime, *, consent_read: bool = False) -> str:
    """Why this message should not go out now (empty: send it). Its kind adds its own reasons.

    `consent_read`: the client's consent was read after the row was locked (a batch reads them together).
    """
    if now > reminder.expires_at:
        return "too late: more than the grace period after it was due"
    if reminder.subject is None:
        return "what it was about no longer exists"
    if reason := kinds.skip_reason(reminder, now):
        return reason
    if not reminder.is_transactional and not consent_read:
        reminder.client.refresh_from_db(fields=["contact_consent"])  # consent changes don't touch the row
    if not reminder.is_transactional and not reminder.client.contact_consent:
        return "the client has not agreed to messages beyond their bookings"
    if reminder.channel == Reminder.Channel.SMS and not reminder.client.phone:
        return "no mobile number"
    # Skipped, not held: a confirmation arriving days later, once an address is added, would be stale;
    # later messages are rows of their own and go to the address the record has when they are due.
    if reminder.channel == Reminder.Channel.EMAIL and reminder.client_id and not reminder.client.email:
        return NO_EMAIL_YET
    return ""


def preload(reminder_ids: list[int]) -> dict[int, Reminder]:
    """The rows with their clients and subjects: one query for the rows, one per kind of subject."""
    loaded = Reminder.objects.select_related("client", "user").in_bulk(reminder_ids)
    by_kind: dict[str, list[Reminder]] = {}
    for reminder in loaded.values():
        by_kind.setdefault(reminder.kind, []).append(reminder)
    for value, rows in by_kind.items():
        kind = kinds.get(value)
        subjects = kind.subject_model._default_manager.select_related(*kind.related).in_bulk(
            [r.subject_id for r in rows]
        )
        for reminder in rows:
            reminder.subject = subjects.get(reminder.subject_id)
    return loaded


def _locked(reminder_id: int) -> Reminder | None:
    """The row alone, locked: a cancellation or move waits for this delivery (and then finds it sent)."""
    return next(iter(Reminder.objects.select_for_update(skip_locked=True).filter(pk=reminder_id).order_by()[:1]), None)


def _with_fresh_state(preloaded: Reminder | None, locked: Reminder) -> Reminder:
    """The locked row's own columns on top of the preloaded related objects.

    Those may be a moment old; that is safe because whatever makes a reminder wrong (a cancelled or
    moved appointment, an answered quote) changes the reminder row in its own transaction, and that
    row is read here under its lock.
    """
    if preloaded is None:
        preloaded = preload([locked.pk])[locked.pk]
    for field in Reminder._meta.concrete_fields:
        setattr(preloaded, field.attname, getattr(locked, field.attname))
    return preloaded


def _record_failure(reminder: Reminder, error: BaseException, now: datetime) -> str:
    """Back to pending after a backoff, or failed (shown to staff) once the attempts are used up."""
    reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        reminder.status, reminder.note = Status.FAILED, f"gave up after {reminder.attempts} attempts"
    else:
        reminder.status, reminder.available_at = Status.PENDING, now + retry_delay(reminder.attempts)
    reminder.save(update_fields=["status", "note", "available_at", "last_error", "attempts", "updated_at"])
    return reminder.status


def deliver_reminder(
    *,
    reminder_id: int,
    now: datetime | None = None,
    preloaded: Reminder | None = None,
    connections: Connections | None = None,
) -> str:
    """Send one claimed (or due, pending) reminder; safe to run any number of times for the same row.

    `preloaded`: the row with its related objects, read just before (see `deliver_reminders`);
    `connections`: the batch's (else the message gets a connection of its own).
    """
    now = now or timezone.now()
    staged = None
    try:
        with transaction.atomic():
            locked = _locked(reminder_id)
            if locked is None:
                return "busy"  # another delivery holds it and will finish it (or it is gone)
            if locked.status == Status.PENDING and locked.available_at <= now:
                locked.attempts += 1  # handed straight to us (booking e-mails, "send now")
            elif locked.status != Status.SENDING:
                return locked.status
            reminder = _with_fresh_state(preloaded, locked)
            if reason := skip_reason(reminder, now):
                reminder.status, reminder.note = Status.SKIPPED, reason
                reminder.save(update_fields=["status", "note", "attempts", "updated_at"])
                return "skipped"
            try:
                staged = send_or_stage(reminder, connections)
            except Exception as error:  # any channel failure is retried; the row keeps the message
                return _record_failure(reminder, error, now)
            reminder.status, reminder.sent_at, reminder.last_error = Status.SENT, now, ""
            reminder.save(update_fields=["status", "sent_at", "last_error", "attempts", "updated_at"])
    except BaseException:
        if staged is not None:
            staged.abort()  # not committed: nothing may be delivered
        raise
    if staged is not None:
        try:
            staged.release()
        except Exception as error:
            # Committed as sent, then the hand-over failed. Not sent after all (for SMTP: no reply to
            # the final "." is ambiguous, and trying again may repeat it; a refusal is not).
            with transaction.atomic():
                row = Reminder.objects.select_for_update().get(pk=reminder_id)
                row.sent_at = None
                row.save(update_fields=["sent_at"])
                return _record_failure(row, error, now)
    return "sent"


def _deliver_together(ids: list[int], loaded: dict[int, Reminder], connections: Connections, now: datetime) -> dict:
    """Rows of idempotent channels, in one transaction: send each, then mark them all (see the module)."""
    outcomes: dict[int, str] = {}
    with transaction.atomic():
        locked = Reminder.objects.select_for_update(skip_locked=True).filter(pk__in=ids).order_by().in_bulk()
        consents = _consents([loaded[pk] for pk in locked if not loaded[pk].is_transactional])
        sent: dict[int, list[int]] = {}  # attempts -> ids: one UPDATE for all of them (usually one value)
        for pk in ids:
            row = locked.get(pk)
            if row is None:
                outcomes[pk] = "busy"  # another delivery holds it and will finish it
                continue
            if row.status == Status.PENDING and row.available_at <= now:
                row.attempts += 1
            elif row.status != Status.SENDING:
                outcomes[pk] = row.status
                continue
            reminder = _with_fresh_state(loaded[pk], row)
            if reminder.client_id in consents:
                reminder.client.contact_consent = consents[reminder.client_id]
            if reason := skip_reason(reminder, now, consent_read=True):
                reminder.status, reminder.note = Status.SKIPPED, reason
                reminder.save(update_fields=["status", "note", "attempts", "updated_at"])
                outcomes[pk] = "skipped"
                continue
            try:
                send_or_stage(reminder, connections)  # idempotent: sent now, and again harmlessly after a crash
            except Exception as error:  # this message only: retried; the rest of the batch goes on
                outcomes[pk] = _record_failure(reminder, error, now)
                continue
            sent.setdefault(reminder.attempts, []).append(pk)
            outcomes[pk] = "sent"
        for attempts, pks in sent.items():
            Reminder.objects.filter(pk__in=pks).update(
                status=Status.SENT, sent_at=now, last_error="", attempts=attempts, updated_at=now
            )
    return outcomes


def _consents(reminders: list[Reminder]) -> dict[int, bool]:
    """The clients' consent, read now in one query (it changes without touching the rows)."""
    ids = {r.client_id for r in reminders if r.client_id}
    if not ids:
        return {}
    return dict(Client.objects.filter(pk__in=ids).values_list("pk", "contact_consent"))


def deliver_reminders(*, reminder_ids: list[int], now: datetime | None = None) -> dict[str, int]:
    """`deliver_reminder` for each id, with the rows and what their messages need read in one query,
    one connection per channel, and the rows of idempotent channels sent in one transaction."""
    now = now or timezone.now()
    loaded = preload(reminder_ids)
    unique = list(dict.fromkeys(reminder_ids))  # a repeated id is delivered once and counted again
    connections = Connections()
    try:
        together = [pk for pk in unique if pk in loaded and connections.idempotent(loaded[pk].channel)]
        results = _deliver_together(together, loaded, connections, now) if together else {}
        for pk in unique:
            if pk not in results:
                results[pk] = deliver_reminder(
                    reminder_id=pk, now=now, preloaded=loaded.get(pk), connections=connections
                )
    finally:
        connections.close()
    return dict(Counter(results[pk] for pk in reminder_ids))
