"""Aftercare schedules: generated once when a session is completed, with their reminders.

`bookings` tells us through its hooks (sent inside the completing transaction), so a schedule
exists exactly when the completion committed. One schedule per session (a one-to-one key), and at
most one 30-day schedule per plan, so repeating the completion or a retried task creates nothing.
"""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings.models import Appointment
from bookings.selectors import OpeningDays, opening_days
from clinic.clock import local_today
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, cancel_open, converge
from outbox.timing import morning_of

from ..messages import STEP_MESSAGES, AftercareMessage
from ..models import AftercareSchedule, AftercareTemplate, ScheduleStep

STEP_REMINDER_WINDOW = timedelta(hours=12)  # a morning reminder not out by evening is skipped
CHECK_IN_WINDOW = timedelta(days=3)
TOP_UP_WINDOW = timedelta(days=30)


@transaction.atomic
def generate_aftercare_schedule(
    *, session: Appointment, purpose: str, now: datetime | None = None
) -> AftercareSchedule | None:
    """The dated schedule that follows `session` (final: 30 days and a top-up; between: the short one).

    Returns the existing schedule when there is one. None when the clinic has no template for it.
    """
    now = now or timezone.now()
    existing = AftercareSchedule.objects.filter(session=session, purpose=purpose).first()
    if existing is not None:
        return existing
    template = AftercareTemplate.objects.filter(purpose=purpose, is_default=True).prefetch_related("steps").first()
    if template is None:
        return None
    day0 = local_today(now=session.start)
    days = opening_days()
    steps = [_dated(s, day0, days) for s in template.steps.all()]
    last = max((s.last_day for s in steps), default=0)
    schedule = AftercareSchedule.objects.create(
        client_id=session.client_id,
        plan_id=session.plan_id,
        session=session,
        purpose=purpose,
        template_name=template.name,
        closing_advice=template.closing_advice,
        starts_on=day0,
        ends_on=day0 + timedelta(days=last),
        top_up_due_on=day0 + relativedelta(months=settings.TOP_UP_REMINDER_MONTHS) if purpose == "final" else None,
    )
    for step in steps:
        step.schedule = schedule
    ScheduleStep.objects.bulk_create(steps)
    wanted = schedule_reminders(schedule, now=now, days=days)
    converge(current=[], wanted=wanted, client_id=schedule.client_id, now=now, note="")
    return schedule


def _dated(step, day0: date, days: OpeningDays) -> ScheduleStep:
    """A template step pinned to dates. The check-in is the clinic's, not the skin's: on a day the
    clinic is closed it moves to the next open day (and its day number with it)."""
    first, last = step.day, step.last_day if step.last_day is not None else step.day
    if step.is_check_in:
        first = last = (days.next_open(day0 + timedelta(days=first)) - day0).days
    return ScheduleStep(
        day=first,
        last_day=last,
        date=day0 + timedelta(days=first),
        end_date=day0 + timedelta(days=last),
        title=step.title,
        instructions=step.instructions,
        send_reminder=step.send_reminder,
        is_check_in=step.is_check_in,
    )


def _send_at(day: date, now: datetime) -> datetime:
    """The morning of `day`; for today once the morning has passed (day 0 after the session), right away."""
    morning = morning_of(day)
    if morning <= now and day == local_today(now=now):
        return now + timedelta(seconds=1)
    return morning


def schedule_reminders(schedule: AftercareSchedule, *, now: datetime, days: OpeningDays | None = None) -> list[Wanted]:
    """A step's e-mail, the check-in and the top-up go out on a day the clinic is open (the client may
    want to call): the step's own day, or the next open one. Not the one before: every instruction here
    is safe to read a day late but not early (a first rinse or a pool before its day harms fresh
    pigment), and the e-mail names the step's own date."""
    days = days or opening_days()
    wanted = []
    for step in schedule.steps.all():
        if not (step.send_reminder or step.is_check_in):
            continue
        due = _send_at(days.next_open(step.date), now)
        kind = AftercareMessage.CHECK_IN if step.is_check_in else AftercareMessage.STEP
        window = CHECK_IN_WINDOW if step.is_check_in else STEP_REMINDER_WINDOW
        wanted.append(Wanted(kind, Channel.EMAIL, due, due + window, step.pk, "t"))
    if schedule.top_up_due_on:
        due = morning_of(days.next_open(schedule.top_up_due_on))
        wanted.append(Wanted(AftercareMessage.TOP_UP, Channel.EMAIL, due, due + TOP_UP_WINDOW, schedule.pk, "s"))
    return wanted


def on_plan_completed(sender, *, plan_id: int, session_id: int, **kwargs) -> None:
    """The 30-day schedule follows the plan's last session; a between-sessions one it had is replaced."""
    session = Appointment.objects.get(pk=session_id)
    generate_aftercare_schedule(session=session, purpose="final")
    between = ScheduleStep.objects.filter(schedule__session=session, schedule__purpose="between")
    rows = Reminder.objects.about_any(ScheduleStep, between.values("pk"), kinds_=list(STEP_MESSAGES))
    cancel_open(rows, note="replaced by the 30-day aftercare")


def on_session_completed(sender, *, appointment_id: int, **kwargs) -> None:
    generate_aftercare_schedule(session=Appointment.objects.get(pk=appointment_id), purpose="between")
