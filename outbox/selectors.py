"""Reads for the staff reminders page."""

from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet

from clinic.clock import local_instant

from .models import OPEN, Reminder

STATUS_GROUPS = {
    "upcoming": OPEN,
    "sent": (Reminder.Status.SENT,),
    "failed": (Reminder.Status.FAILED,),
    "skipped": (Reminder.Status.SKIPPED,),
    "cancelled": (Reminder.Status.CANCELLED,),
}


def reminders_for_staff(
    *, group: str = "upcoming", kind: str = "", channel: str = "", client_id: int | None = None, day: date | None = None
) -> QuerySet[Reminder]:
    """Messages in a status group, soonest first for upcoming and latest first otherwise."""
    qs = Reminder.objects.filter(status__in=STATUS_GROUPS[group]).select_related("client", "user")
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
    return qs.order_by("due_at", "pk") if group == "upcoming" else qs.order_by("-due_at", "-pk")


def reminder_counts() -> dict[str, int]:
    """How many messages are in each status group (for the page's tabs): one query."""
    counts = dict(Reminder.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {group: sum(counts.get(s, 0) for s in statuses) for group, statuses in STATUS_GROUPS.items()}
