"""What happened at an appointment (attended, no-show, cancelled), completing the plan; session notes."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..errors import InvalidBookingTime, NotChangeable
from ..hooks import plan_completed, session_completed, session_no_show
from ..messages import queue_change_email, sync_appointment_reminders
from ..models import Appointment, SessionNote, TreatmentPlan
from .checks import announce_cancelled

OUTCOMES = {
    "completed": Appointment.Status.ATTENDED,
    "attended": Appointment.Status.ATTENDED,
    "no_show": Appointment.Status.NO_SHOW,
    "cancelled": Appointment.Status.CANCELLED,
}


@transaction.atomic
def record_outcome(*, appointment_id: int, outcome: str, now: datetime | None = None) -> Appointment:
    """Mark a consultation attended/no-show/cancelled, or a session completed/no-show/cancelled.

    Completing the plan's last outstanding session completes the plan and sends `plan_completed` (with
    its final session); completing any other sends `session_completed`; a session's no-show sends
    `session_no_show`, its cancellation `session_cancelled` (all inside this transaction, see bookings/hooks.py).
    """
    now = now or timezone.now()
    if outcome not in OUTCOMES:
        raise InvalidBookingTime(f"Unknown outcome {outcome!r}.")
    appointment = Appointment.objects.select_for_update().get(pk=appointment_id)
    status = OUTCOMES[outcome]
    if appointment.status != Appointment.Status.BOOKED:
        raise NotChangeable(f"This appointment is already {appointment.status_label.lower()}.")
    if status in (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW) and appointment.start > now:
        raise NotChangeable("An appointment can only be marked attended or no-show once it has started.")
    appointment.status = status
    appointment.sequence += 1
    appointment.cancelled_at = now if status == Appointment.Status.CANCELLED else None
    appointment.save(update_fields=["status", "sequence", "cancelled_at", "updated_at"])
    sync_appointment_reminders(appointment=appointment, now=now)
    if appointment.plan_id and status == Appointment.Status.ATTENDED:
        if final := _complete_plan_if_final(appointment, now):
            plan_completed.send(sender=TreatmentPlan, plan_id=appointment.plan_id, session_id=final.pk)
        else:
            session_completed.send(sender=Appointment, appointment_id=appointment.pk)
    if appointment.plan_id and status == Appointment.Status.NO_SHOW:
        session_no_show.send(sender=Appointment, appointment_id=appointment.pk)
    if status == Appointment.Status.CANCELLED:
        announce_cancelled(appointment, now=now, by_client=False)
    # The client booked it, or was told of the session: tell them (a session only while it is ahead).
    if status == Appointment.Status.CANCELLED and (appointment.plan_id is None or appointment.start > now):
        queue_change_email(appointment=appointment, change="cancelled", now=now)
    return appointment


def _complete_plan_if_final(appointment: Appointment, now: datetime) -> Appointment | None:
    """The plan is complete when every one of its sessions has been completed, not merely the last one.

    Returns the plan's final session (the latest one, even if another was recorded after it), or None.
    """
    plan = TreatmentPlan.objects.select_for_update().get(pk=appointment.plan_id)
    if plan.status != TreatmentPlan.Status.ACTIVE:
        return None
    attended = list(plan.sessions.filter(status=Appointment.Status.ATTENDED).order_by("start"))
    if {s.session_number for s in attended} != set(range(1, plan.session_count + 1)):
        return None
    plan.status = TreatmentPlan.Status.COMPLETED
    plan.completed_at = now
    plan.save(update_fields=["status", "completed_at"])
    return attended[-1]


def add_session_note(*, appointment: Appointment, author, **fields) -> SessionNote:
    if appointment.plan_id is None:
        raise NotChangeable("Session notes belong to treatment sessions.")
    note = SessionNote(appointment=appointment, author=author, **{k: (v or "").strip() for k, v in fields.items()})
    note.full_clean()
    note.save()
    return note
