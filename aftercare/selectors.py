"""Reads for aftercare pages and the staff reminders page."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet

from bookings.selectors import clinic_tz, local_today
from bookings.slots import local_instant

from .models import AftercareSchedule, Reminder, ScheduleStep


@dataclass(frozen=True)
class ScheduleView:
    schedule: AftercareSchedule
    today: date
    day: int | None  # days since the session; None before it or after the schedule ends
    current: list[ScheduleStep]  # steps that apply today (highlighted)
    upcoming: list[ScheduleStep]
    past: list[ScheduleStep]

    @property
    def finished(self) -> bool:
        return self.today > self.schedule.ends_on


def schedule_view(*, schedule: AftercareSchedule, now: datetime | None = None) -> ScheduleView:
    """The schedule split into what applies today, what comes next and what is done (one query)."""
    today = local_today(now=now)
    steps = list(schedule.steps.all())
    day = (today - schedule.starts_on).days
    return ScheduleView(
        schedule=schedule,
        today=today,
        day=day if 0 <= day <= (schedule.ends_on - schedule.starts_on).days else None,
        current=[s for s in steps if s.date <= today <= s.end_date],
        upcoming=[s for s in steps if s.date > today],
        past=[s for s in steps if s.end_date < today],
    )


STATUS_GROUPS = {
    "upcoming": (Reminder.Status.PENDING, Reminder.Status.SENDING),
    "sent": (Reminder.Status.SENT,),
    "failed": (Reminder.Status.FAILED,),
    "skipped": (Reminder.Status.SKIPPED,),
    "cancelled": (Reminder.Status.CANCELLED,),
}


def reminders_for_staff(
    *, group: str = "upcoming", kind: str = "", channel: str = "", client_id: int | None = None, day: date | None = None
) -> QuerySet[Reminder]:
    """Reminders in a status group, soonest first for upcoming and latest first otherwise."""
    qs = Reminder.objects.filter(status__in=STATUS_GROUPS[group]).select_related("client")
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if day:
        midnight = datetime.min.time()
        start, end = (local_instant(d, midnight, clinic_tz()) for d in (day, day + timedelta(days=1)))
        qs = qs.filter(due_at__gte=start, due_at__lt=end)
    return qs.order_by("due_at", "pk") if group == "upcoming" else qs.order_by("-due_at", "-pk")


def reminder_counts() -> dict[str, int]:
    """How many reminders are in each status group (for the page's tabs): one query."""
    counts = dict(Reminder.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {group: sum(counts.get(s, 0) for s in statuses) for group, statuses in STATUS_GROUPS.items()}
