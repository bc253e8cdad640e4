"""What aftercare sends through the outbox: the steps' morning e-mails, the day-30 check-in and the top-up.

`register_kinds` is called from `AftercareConfig.ready()`.
"""

from django.db import models

from clinic.links import absolute_url
from outbox import kinds
from outbox.content import Content, standard_email

from .models import AftercareSchedule, ScheduleStep
from .tokens import schedule_url


class AftercareMessage(models.TextChoices):
    STEP = "aftercare_step", "Aftercare step"
    CHECK_IN = "check_in", "Day-30 check-in"
    TOP_UP = "top_up", "Top-up reminder"


STEP_MESSAGES = (AftercareMessage.STEP, AftercareMessage.CHECK_IN)


def _step(reminder) -> Content:
    step = reminder.subject
    if reminder.kind == AftercareMessage.CHECK_IN:
        lines = [
            f"It is {step.day} days since your final session: your scalp has healed.",
            "How does it look? If anything needs a touch-up, reply to this e-mail or call us to book a check.",
            step.instructions,
        ]
        return Content("Your 30-day check-in", lines, schedule_url(step.schedule), "See your aftercare")
    days = f"day {step.day}" if step.last_day == step.day else f"days {step.day}–{step.last_day}"
    # Dated: on a day the clinic is closed the e-mail comes a little later (see schedule_reminders).
    lines = [f"Aftercare, {days} (from {step.date:%A %-d %B}): {step.title}.", step.instructions]
    return Content(f"Aftercare: {step.title}", lines, schedule_url(step.schedule), "See your full aftercare schedule")


def _top_up(reminder) -> Content:
    lines = [
        "It has been a while since your scalp micropigmentation was completed.",
        "Pigment softens over time, faster with sun. A quick check tells you whether a top-up would help.",
    ]
    return Content("Time for a top-up check?", lines, absolute_url("bookings:book"), "Book a free check")


def _describe_steps(reminders) -> dict[int, str]:
    """{row id: "Aftercare day 3: First wash"} for the staff reminders page: one query."""
    steps = ScheduleStep.objects.only("day", "last_day", "title").in_bulk({r.subject_id for r in reminders})
    about = {}
    for reminder in reminders:
        if (step := steps.get(reminder.subject_id)) is not None:
            days = f"day {step.day}" if step.last_day == step.day else f"days {step.day}–{step.last_day}"
            about[reminder.pk] = f"Aftercare {days}: {step.title}"
    return about


def _describe_top_ups(reminders) -> dict[int, str]:
    schedules = AftercareSchedule.objects.only("starts_on").in_bulk({r.subject_id for r in reminders})
    return {
        r.pk: f"Top-up check after the session of {schedules[r.subject_id].starts_on:%-d %b %Y}"
        for r in reminders
        if r.subject_id in schedules
    }


def register_kinds() -> None:
    step = AftercareMessage.STEP
    check_in, top_up = AftercareMessage.CHECK_IN, AftercareMessage.TOP_UP
    kinds.register(
        # Aftercare steps are part of the treatment the client has; the check-in and top-up are marketing.
        kinds.MessageKind(
            step.value,
            step.label,
            ScheduleStep,
            lambda r: standard_email(r, _step(r)),
            related=("schedule",),
            describe=_describe_steps,
        ),
        kinds.MessageKind(
            check_in.value,
            check_in.label,
            ScheduleStep,
            lambda r: standard_email(r, _step(r)),
            transactional=False,
            related=("schedule",),
            describe=_describe_steps,
        ),
        kinds.MessageKind(
            top_up.value,
            top_up.label,
            AftercareSchedule,
            lambda r: standard_email(r, _top_up(r)),
            transactional=False,
            describe=_describe_top_ups,
        ),
    )
