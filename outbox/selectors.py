"""Reads of the outbox: the staff reminders page, and the figures monitors ask for (ops: health, metrics)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, Q, QuerySet

from clinic.clock import local_instant

from . import kinds
from .models import OPEN, Reminder

STATUS_GROUPS = {
    "upcoming": OPEN,
    "sent": (Reminder.Status.SENT,),
    "failed": (Reminder.Status.FAILED,),
    "skipped": (Reminder.Status.SKIPPED,),
    "cancelled": (Reminder.Status.CANCELLED,),
}


def _filtered(*, kind: str = "", channel: str = "", client_id: int | None = None, day: date | None = None):
    qs = Reminder.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if day:
        midnight = datetime.min.time()
        start, end = (local_instant(d, midnight) for d in (day, day + timedelta(days=1)))
        qs = qs.filter(due_at__gte=start, due_at__lt=end)
    return qs


def reminders_for_staff(*, group: str = "upcoming", **filters) -> QuerySet[Reminder]:
    """Messages in a status group, soonest first for upcoming and latest first otherwise.

    `filters`: kind, channel, client_id, day (the page's filters, also those of `reminder_counts`).
    """
    qs = _filtered(**filters).filter(status__in=STATUS_GROUPS[group]).select_related("client", "user")
    return qs.order_by("due_at", "pk") if group == "upcoming" else qs.order_by("-due_at", "-pk")


def reminder_counts(**filters) -> dict[str, int]:
    """How many messages the same filters find in each status group (for the page's tabs): one query."""
    rows = _filtered(**filters).order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    counts = dict(rows)
    return {group: sum(counts.get(s, 0) for s in statuses) for group, statuses in STATUS_GROUPS.items()}


def with_descriptions(reminders) -> list[Reminder]:
    """The rows of a page, each with `.about` (which appointment, step or quote; see `kinds.describe`)."""
    reminders = list(reminders)
    about = kinds.describe(reminders)
    for reminder in reminders:
        reminder.about = about.get(reminder.pk, "")
    return reminders


# Written by `services.dispatch.record_dispatch_run` each time the beat dispatcher starts a run.
DISPATCH_RUN_CACHE_KEY = "outbox:dispatch:last-run"


def last_dispatch_run() -> datetime | None:
    """When the dispatcher last started a run (None: never, or the cache was cleared). Raises RedisError."""
    stamp = cache.get(DISPATCH_RUN_CACHE_KEY)
    return datetime.fromtimestamp(stamp, tz=UTC) if stamp is not None else None


@dataclass(frozen=True)
class DueFigures:
    due: int  # open (pending or being sent) and due by now
    oldest_due_at: datetime | None
    failed_since: int  # marked failed since the given time


def due_figures(*, now: datetime, failed_since: datetime) -> DueFigures:
    """What a monitor asks of the outbox: is it draining, is it failing? One query."""
    open_due = Q(status__in=OPEN, due_at__lte=now)
    failed = Q(status=Reminder.Status.FAILED, updated_at__gte=failed_since)
    figures = Reminder.objects.filter(open_due | failed).aggregate(
        due=Count("pk", filter=open_due), oldest=Min("due_at", filter=open_due), failed=Count("pk", filter=failed)
    )
    return DueFigures(due=figures["due"], oldest_due_at=figures["oldest"], failed_since=figures["failed"])


@dataclass(frozen=True)
class KindTotals:
    rows: int
    due: int  # of them due by now (for open statuses: waiting to go out)
    oldest_due_at: datetime | None


def totals_by_kind(*, now: datetime) -> dict[tuple[str, str], KindTotals]:
    """(kind, status) → its rows, over the whole outbox: one query."""
    rows = Reminder.objects.values_list("kind", "status").annotate(
        n=Count("pk"), due=Count("pk", filter=Q(due_at__lte=now)), oldest=Min("due_at", filter=Q(due_at__lte=now))
    )
    return {(kind, status): KindTotals(n, due, oldest) for kind, status, n, due, oldest in rows.order_by()}
