"""What intake sends: a reminder two days before the consultation if the intake form is not complete.

The row is written in the booking's transaction (bookings' `consultation_booked` hook) and follows a
move (`consultation_changed`): `sync_intake_reminder` converges the open row to the consultation's time.
At send time it is skipped if the intake is complete, or the consultation was cancelled, has begun or
has moved since (a move the hook did not see).
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from bookings.models import Appointment
from bookings.tokens import make_manage_token
from clinic.links import absolute_url
from outbox import kinds
from outbox.content import Content, standard_email, when
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, converge, open_rows
from outbox.timing import grace

from .models import Intake


class IntakeMessage(models.TextChoices):
    REMINDER = "intake_reminder", "Intake form reminder"


def intake_url(appointment: Appointment) -> str:
    return absolute_url("intake:start", make_manage_token(appointment))


def _lead() -> timedelta:
    return timedelta(hours=settings.INTAKE_REMINDER_HOURS)


def wanted_reminders(intake: Intake) -> list[Wanted]:
    appointment = intake.appointment
    if appointment.status != Appointment.Status.BOOKED or intake.is_complete or not settings.INTAKE_REMINDER_HOURS:
        return []
    start = appointment.start.astimezone(UTC)  # real hours before, across a clock change too
    due = start - _lead()
    return [Wanted(IntakeMessage.REMINDER, Channel.EMAIL, due, min(due + grace(), start), intake.pk, "i")]


def sync_intake_reminder(*, intake: Intake, now: datetime | None = None) -> None:
    """Call in the transaction that booked, moved or cancelled the intake's consultation."""
    current = open_rows(intake, kinds_=[IntakeMessage.REMINDER])
    note = "moved" if intake.appointment.status == Appointment.Status.BOOKED else "consultation cancelled"
    converge(
        current=current,
        wanted=wanted_reminders(intake),
        client_id=intake.client_id,
        now=now or timezone.now(),
        note=note,
    )


def _skip(reminder: Reminder, now: datetime) -> str:
    intake = reminder.subject
    appointment = intake.appointment
    if intake.is_complete:
        return "the intake is complete"
    if appointment.status != Appointment.Status.BOOKED:
        return f"consultation {appointment.status_label.lower()}"
    if appointment.start <= now:
        return "the consultation has started"
    if reminder.due_at != appointment.start - _lead():
        return "the consultation has moved since"
    return ""


def _content(reminder: Reminder) -> Content:
    appointment = reminder.subject.appointment
    lines = [
        f"Your free consultation is on {when(appointment.start)} (UK time) with {appointment.artist.display_name}.",
        "You haven't finished your intake form yet. It takes about 10 minutes on your phone: a few health "
        "questions, what you would like help with, photos of your scalp and the consent form.",
        "It lets your artist prepare, and makes the consultation quicker. Anything you're unsure about, "
        "we'll go through together.",
    ]
    details = [("When", f"{when(appointment.start)} (UK time)"), ("With", appointment.artist.display_name)]
    return Content(
        "Before your consultation: your intake form", lines, intake_url(appointment), "Fill in my intake form", details
    )


def register_kinds() -> None:
    kinds.register(
        kinds.MessageKind(
            value=IntakeMessage.REMINDER.value,
            label=IntakeMessage.REMINDER.label,
            subject_model=Intake,
            build_email=lambda r: standard_email(r, _content(r)),
            skip_reason=_skip,
            related=("client", "appointment", "appointment__artist"),
        )
    )
