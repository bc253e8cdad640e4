"""Retention: top-ups coming (their outbox reminders due in the next 90 days, by month) and what the outbox did
with the messages due in the period, by kind (the day-30 check-ins among them). Two queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from aftercare.messages import AftercareMessage
from aftercare.models import AftercareSchedule
from clinic.clock import clinic_tz, local_today
from outbox import kinds
from outbox.models import OPEN, Reminder

from ..period import Period

TOP_UP_HORIZON = timedelta(days=90)
Status = Reminder.Status


@dataclass(frozen=True)
class KindTally:
    kind: str
    label: str
    sent: int
    failed: int
    skipped: int  # skipped or cancelled: not sent on purpose
    waiting: int


def top_ups_due(*, now: datetime, artist=None) -> list[tuple[date, int]]:
    """(first of the month, open top-up reminders due that month) from now to 90 days on, every month listed."""
    due = Reminder.objects.filter(
        kind=AftercareMessage.TOP_UP, status__in=OPEN, due_at__gte=now, due_at__lt=now + TOP_UP_HORIZON
    )
    if artist:
        due = due.filter(subject_id__in=AftercareSchedule.objects.filter(plan__artist=artist).values("pk"))
    rows = (
        due.annotate(month=TruncMonth("due_at", tzinfo=clinic_tz()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    found = {row["month"].date(): row["n"] for row in rows}
    months = Period(first=local_today(now=now), last=local_today(now=now + TOP_UP_HORIZON)).months()
    return [(month, found.get(month, 0)) for month in months]


def messages_by_kind(*, period: Period) -> list[KindTally]:
    """The outbox rows due in the period, by kind, the whole clinic's (a message names no artist)."""
    rows = (
        Reminder.objects.filter(due_at__gte=period.start, due_at__lt=period.end)
        .values("kind")
        .annotate(
            sent=Count("pk", filter=Q(status=Status.SENT)),
            failed=Count("pk", filter=Q(status=Status.FAILED)),
            skipped=Count("pk", filter=Q(status__in=[Status.SKIPPED, Status.CANCELLED])),
            waiting=Count("pk", filter=Q(status__in=OPEN)),
        )
        .order_by()
    )
    found = {row.pop("kind"): row for row in rows}
    return [KindTally(kind=value, label=label, **found[value]) for value, label in kinds.choices() if value in found]
