"""Reads for the staff reminders page."""

from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet

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
