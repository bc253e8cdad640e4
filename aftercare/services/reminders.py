"""Writes to the reminder outbox, called inside the transaction of the change that causes them.

Each `sync_*` makes an object's pending reminders match the object as it now is: new rows for new
due times, moved rows when the time changed, cancelled rows when it no longer happens. Keys are
unique, so calling a sync twice, or for a retried task, writes nothing more.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings.models import Appointment

from ..models import BOOKING_EMAIL_KINDS, Reminder
from ..timing import grace, leads, morning_of

Kind, Channel, Status = Reminder.Kind, Reminder.Channel, Reminder.Status
OPEN = (Status.PENDING, Status.SENDING)


@dataclass(frozen=True)
class Wanted:
    kind: str
    channel: str
    due_at: datetime
    expires_at: datetime
    subject: str  # which object, in the key: "a12" (appointment), "t40" (aftercare step), "q7" (quote)
    links: dict = field(default_factory=dict)
    version: str = ""  # replaces the due time in the key where a version says more (booking e-mails)

    @property
    def key(self) -> str:
        when = self.version or f"{self.due_at.astimezone(UTC):%Y%m%dT%H%MZ}"
        return f"{self.kind}:{self.subject}:{self.channel}:{when}"

    def row(self, client_id: int) -> Reminder:
        return Reminder(
            key=self.key,
            kind=self.kind,
            channel=self.channel,
            client_id=client_id,
            due_at=self.due_at,
            available_at=self.due_at,
            expires_at=self.expires_at,
            **self.links,
        )


def appointment_reminders(appointment: Appointment) -> list[Wanted]:
    """The reminders a booked appointment should have (e-mail at every lead, SMS at the SMS leads)."""
    if appointment.status != Appointment.Status.BOOKED:
        return []
    is_session = appointment.plan_id is not None
    kind = Kind.SESSION if is_session else Kind.CONSULTATION
    hours = settings.REMINDER_SESSION_HOURS if is_session else settings.REMINDER_CONSULTATION_HOURS
    plans = [(lead, Channel.EMAIL) for lead in leads(hours)]
    plans += [(lead, Channel.SMS) for lead in leads(settings.REMINDER_SMS_HOURS)]
    # In UTC: "48 hours before" is real time, also across a clock change (an aware datetime in the
    # clinic's zone would subtract wall-clock hours).
    start = appointment.start.astimezone(UTC)
    wanted = []
    for lead, channel in plans:
        due = start - lead
        wanted.append(
            Wanted(
                kind=kind,
                channel=channel,
                due_at=due,
                expires_at=min(due + grace(), start),
                subject=f"a{appointment.pk}",
                links={"appointment_id": appointment.pk},
            )
        )
    return wanted


def converge(*, current: list[Reminder], wanted: list[Wanted], client_id: int, now: datetime, note: str) -> None:
    """Make the open rows `current` match `wanted`: keep, move (same kind and channel), create, cancel.

    An open row that is still wanted stays as it is, even when its moment has come (due, or claimed and
    on its way). Wanted reminders whose moment has already passed are not created: a booking made
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


def sync_appointment_reminders(*, appointment: Appointment, now: datetime | None = None) -> None:
    """Call in the transaction that booked, moved, cancelled or recorded the outcome of `appointment`."""
    now = now or timezone.now()
    current = list(
        Reminder.objects.select_for_update()
        .filter(appointment=appointment, kind__in=(Kind.CONSULTATION, Kind.SESSION), status__in=OPEN)
        .order_by("pk")
    )
    note = "moved" if appointment.status == Appointment.Status.BOOKED else f"appointment {appointment.status_label}"
    converge(
        current=current,
        wanted=appointment_reminders(appointment),
        client_id=appointment.client_id,
        now=now,
        note=note.lower(),
    )


def queue_booking_message(*, appointment: Appointment, message: str, now: datetime | None = None) -> Reminder:
    """Confirmation, move or cancellation e-mail for a consultation, due now; an unsent older one is superseded."""
    now = now or timezone.now()
    kind = BOOKING_EMAIL_KINDS[message]
    # Open, not only pending: a claimed confirmation must not arrive after the cancellation (delivery
    # re-reads the row under its lock, so it sees this).
    superseded = Reminder.objects.select_for_update().filter(
        appointment=appointment, kind__in=BOOKING_EMAIL_KINDS.values(), status__in=OPEN
    )
    Reminder.objects.filter(pk__in=list(superseded.values_list("pk", flat=True))).update(
        status=Status.CANCELLED, note="superseded by a newer message", updated_at=now
    )
    expires = max(appointment.start, now) if kind != Kind.BOOKING_CANCELLED else now + timedelta(days=1)
    wanted = Wanted(
        kind=kind,
        channel=Channel.EMAIL,
        due_at=now,
        expires_at=expires,
        subject=f"a{appointment.pk}",
        links={"appointment_id": appointment.pk},
        version=f"v{appointment.sequence}",
    )
    reminder, _ = Reminder.objects.get_or_create(key=wanted.key, defaults=_fields(wanted.row(appointment.client_id)))
    deliver_soon(reminder)
    return reminder


def _fields(row: Reminder) -> dict:
    return {
        f.attname: getattr(row, f.attname) for f in Reminder._meta.concrete_fields if f.attname not in ("id", "key")
    }


def deliver_soon(reminder: Reminder) -> None:
    """Hand a due-now reminder to a worker once committed; if the broker is down, the dispatcher will."""
    from ..tasks import enqueue_delivery  # tasks import services; import here to keep the cycle out

    reminder_id = reminder.pk
    # robust: whatever goes wrong handing it over, the booking has committed and the row is in the outbox
    transaction.on_commit(lambda: enqueue_delivery([reminder_id]), robust=True)


def sync_quote_reminder(*, quote, now: datetime | None = None) -> None:
    """An issued quote gets one "about to expire" e-mail some days before it lapses; any other state none."""
    now = now or timezone.now()
    current = list(Reminder.objects.select_for_update().filter(quote=quote, kind=Kind.QUOTE_EXPIRING, status__in=OPEN))
    wanted = []
    if quote.status == quote.Status.ISSUED and quote.valid_until:
        remind_on = quote.valid_until - timedelta(days=settings.QUOTE_EXPIRY_REMINDER_DAYS)
        due = morning_of(remind_on)
        wanted.append(
            Wanted(
                kind=Kind.QUOTE_EXPIRING,
                channel=Channel.EMAIL,
                due_at=due,
                expires_at=max(due, morning_of(quote.valid_until)),
                subject=f"q{quote.pk}",
                links={"quote_id": quote.pk},
            )
        )
    converge(current=current, wanted=wanted, client_id=quote.client_id, now=now, note=f"quote {quote.status}")


class ReminderNotSendable(Exception):
    pass


@transaction.atomic
def send_reminder_now(*, reminder_id: int, now: datetime | None = None) -> Reminder:
    """Staff: send an upcoming reminder now, or retry a failed one (its attempts start again)."""
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
