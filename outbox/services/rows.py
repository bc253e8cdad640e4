"""Writing outbox rows, inside the transaction of the change that causes them.

A sending app says which messages an object should have now (`Wanted`) and `converge` makes its
open rows match: new rows for new due times, moved rows when the time changed, cancelled rows when
it no longer happens. Keys are unique, so converging twice, or for a retried task, writes nothing more.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from clinic.errors import DomainError

from .. import kinds
from ..models import OPEN, Channel, Reminder, Status
from ..tasks import enqueue_delivery
from ..timing import grace


@dataclass(frozen=True)
class Wanted:
    kind: str
    channel: str
    due_at: datetime
    expires_at: datetime
    subject_id: int
    tag: str  # one letter naming the subject's model in the key: "a12" (appointment), "t40" (aftercare step)…
    version: str = ""  # replaces the due time in the key where a version says more (booking e-mails)

    def __post_init__(self) -> None:
        kinds.get(self.kind)  # an unregistered kind could never be delivered: refuse it here

    @property
    def key(self) -> str:
        when = self.version or f"{self.due_at.astimezone(UTC):%Y%m%dT%H%MZ}"
        return f"{self.kind}:{self.tag}{self.subject_id}:{self.channel}:{when}"

    def row(self, client_id: int | None, user_id: int | None = None) -> Reminder:
        return Reminder(
            key=self.key,
            kind=self.kind,
            channel=self.channel,
            client_id=client_id,
            user_id=user_id,
            subject_id=self.subject_id,
            due_at=self.due_at,
            available_at=self.due_at,
            expires_at=self.expires_at,
        )


def open_rows(subject, *, kinds_: list[str]) -> list[Reminder]:
    """The subject's open rows of these kinds, locked (a delivery of one of them waits, or is waited for)."""
    return list(Reminder.objects.select_for_update().about(subject, kinds_=kinds_).open().order_by("pk"))


def converge(*, current: list[Reminder], wanted: list[Wanted], client_id: int, now: datetime, note: str) -> None:
    """Make the open rows `current` match `wanted`: keep, move (same kind and channel), create, cancel.

    An open row that is still wanted stays as it is, even when its moment has come (due, or claimed and
    on its way). Wanted messages whose moment has already passed are not created: a booking made
    3 hours ahead has no 24-hour reminder to miss.
    """
    wanted = sorted(wanted, key=lambda w: w.due_at)
    wanted_keys = {w.key for w in wanted}
    existing = set(Reminder.objects.filter(key__in=wanted_keys).values_list("key", flat=True))
    missing = [w for w in wanted if w.key not in existing and w.due_at > now]
    for reminder in sorted(current, key=lambda r: r.due_at):
        if reminder.key in wanted_keys:
            continue
        match = next((w for w in missing if (w.kind, w.channel) == (reminder.kind, reminder.channel)), None)
        if match is not None:
            missing.remove(match)
            reminder.key, reminder.due_at, reminder.expires_at = match.key, match.due_at, match.expires_at
            reminder.available_at, reminder.status, reminder.attempts = match.due_at, Status.PENDING, 0
            reminder.save(
                update_fields=["key", "due_at", "expires_at", "available_at", "status", "attempts", "updated_at"]
            )
        else:
            reminder.status, reminder.note = Status.CANCELLED, note
            reminder.save(update_fields=["status", "note", "updated_at"])
    Reminder.objects.bulk_create([w.row(client_id) for w in missing], ignore_conflicts=True)


def cancel_open(rows, *, note: str, now: datetime | None = None) -> int:
    """Cancel the open rows among `rows` (a queryset) with the reason shown to staff."""
    return rows.open().update(status=Status.CANCELLED, note=note, updated_at=now or timezone.now())


def queue_now(
    *,
    wanted: Wanted,
    client_id: int | None = None,
    user_id: int | None = None,
    supersedes: list[str] = (),
    subject=None,
    now: datetime | None = None,
) -> Reminder:
    """A message due now (a booking e-mail, a quote, a login link), handed to a worker once committed.

    It goes to a client, or (`user_id`, account messages such as a password reset) to a login.

    Open rows of the `supersedes` kinds about `subject` are cancelled first: a claimed confirmation
    must not arrive after the cancellation (delivery re-reads the row under its lock, so it sees this).
    """
    now = now or timezone.now()
    if supersedes:
        stale = [r.pk for r in open_rows(subject, kinds_=list(supersedes))]
        Reminder.objects.filter(pk__in=stale).update(
            status=Status.CANCELLED, note="superseded by a newer message", updated_at=now
        )
    row = wanted.row(client_id, user_id)
    fields = {f.attname: getattr(row, f.attname) for f in Reminder._meta.concrete_fields}
    fields = {name: value for name, value in fields.items() if name not in ("id", "key")}
    reminder, _ = Reminder.objects.get_or_create(key=wanted.key, defaults=fields)
    deliver_soon(reminder)
    return reminder


def deliver_soon(reminder: Reminder) -> None:
    """Hand a due-now row to a worker once committed; if the broker is down, the dispatcher will."""
    reminder_id = reminder.pk
    # robust: whatever goes wrong handing it over, the change has committed and the row is in the outbox
    transaction.on_commit(lambda: enqueue_delivery([reminder_id]), robust=True)


class ReminderNotSendable(DomainError):
    pass


@transaction.atomic
def send_reminder_now(*, reminder_id: int, now: datetime | None = None) -> Reminder:
    """Staff: send an upcoming message now, or retry a failed one (its attempts start again)."""
    now = now or timezone.now()
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
    if reminder.status not in (Status.PENDING, Status.FAILED):
        raise ReminderNotSendable(f"This reminder is {reminder.get_status_display().lower()}; it can't be sent again.")
    if reminder.status == Status.FAILED:
        reminder.attempts = 0
    reminder.status, reminder.available_at, reminder.note = Status.PENDING, now, ""
    reminder.expires_at = max(reminder.expires_at, now + grace())  # staff asked for it: not "too late"
    reminder.save(update_fields=["status", "available_at", "note", "attempts", "expires_at", "updated_at"])
    deliver_soon(reminder)
    return reminder


__all__ = ["OPEN", "Channel", "Wanted", "cancel_open", "converge", "deliver_soon", "open_rows", "queue_now"]
