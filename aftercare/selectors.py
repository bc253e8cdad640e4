"""Reads for the aftercare pages."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet

from clinic.clock import local_today
from outbox.models import Reminder

from .messages import STEP_MESSAGES, AftercareMessage
from .models import AftercareSchedule, ScheduleStep


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


def reminders_for_schedule(schedule: AftercareSchedule) -> QuerySet[Reminder]:
    """The outbox rows a schedule made: its steps' e-mails and check-in, and its top-up."""
    steps = Q(kind__in=STEP_MESSAGES, subject_id__in=schedule.steps.values("pk"))
    return Reminder.objects.filter(steps | Q(kind=AftercareMessage.TOP_UP, subject_id=schedule.pk))
