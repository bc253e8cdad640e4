"""What intake tells bookings' pages: the flag beside a consultation (staff) and the next step (client)."""

from django.urls import reverse
from django.utils import timezone

from bookings.flags import Flag
from bookings.models import Appointment
from bookings.next_steps import NextStep

from .messages import intake_url, sync_intake_reminder
from .models import Intake, IntakeStatus
from .services import ensure_intake

_FLAGS = {
    IntakeStatus.NOT_STARTED: ("Intake not started", "todo"),
    IntakeStatus.IN_PROGRESS: ("Intake in progress", "todo"),
    IntakeStatus.COMPLETE: ("Intake complete", "done"),
    IntakeStatus.NEEDS_ATTENTION: ("Intake: needs attention", "warning"),
}


def intake_flags(appointments: list) -> dict[int, list[Flag]]:
    """One query for any number of appointments: consultations only, cancelled ones left alone."""
    consultations = [a for a in appointments if not a.plan_id and a.status != Appointment.Status.CANCELLED]
    if not consultations:
        return {}
    found = {
        row[0]: row[1:]
        for row in Intake.objects.filter(appointment_id__in=[a.pk for a in consultations]).values_list(
            "appointment_id", "pk", "status", "confirmed_at"
        )
    }
    flags = {}
    for appointment in consultations:
        pk, status, confirmed_at = found.get(appointment.pk, (None, IntakeStatus.NOT_STARTED, None))
        if status == IntakeStatus.NOT_STARTED and appointment.status != Appointment.Status.BOOKED:
            continue  # the consultation has happened (or was missed): an intake never begun is no longer a to-do
        text, tone = _FLAGS[status]
        if confirmed_at:
            text, tone = "Intake: screening confirmed", "done"
        url = reverse("intake:review", args=[pk]) if pk else ""
        flags[appointment.pk] = [Flag(text=text, tone=tone, url=url, key="intake")]
    return flags


def intake_next_step(appointment) -> list[NextStep]:
    """On the confirmation page, the manage page and the confirmation e-mail of a booked, future consultation."""
    if appointment.plan_id or appointment.status != Appointment.Status.BOOKED or appointment.start <= timezone.now():
        return []
    started, completed = Intake.objects.filter(appointment=appointment).values_list(
        "started_at", "completed_at"
    ).first() or (None, None)
    if completed:
        text = "Thank you: your intake form is complete. You can still change your answers until the consultation."
        return [NextStep(text=text, url=intake_url(appointment), label="See my intake form", key="intake")]
    text = (
        "Please fill in your intake form before you come (about 10 minutes on your phone): a few health questions, "
        "what you would like help with, photos of your scalp and the consent form."
    )
    label = "Continue my intake form" if started else "Fill in my intake form"
    return [NextStep(text=text, url=intake_url(appointment), label=label, key="intake")]


def on_consultation_changed(sender, appointment_id: int, **kwargs) -> None:
    """Booked, moved or cancelled (inside that transaction): the intake exists and its reminder follows."""
    appointment = Appointment.objects.select_related("client").get(pk=appointment_id)
    intake = ensure_intake(appointment=appointment)
    intake.appointment = appointment
    sync_intake_reminder(intake=intake)
