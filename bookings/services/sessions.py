"""Scheduling and moving a plan's sessions within the spacing rules (staff may override with a reason)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from clinic.text import is_written_reason

from ..errors import (
    InvalidBookingTime,
    NotChangeable,
    OutsideSpacingRules,
    PatchTestNotClear,
    PlanNotSchedulable,
    SessionOrderError,
)
from ..hooks import session_scheduled
from ..messages import queue_change_email, remember_told_time, sync_appointment_reminders
from ..models import Appointment, BookingPolicy, SpacingRules
from ..notice import check_client_notice
from ..selectors.plans import session_service
from .checks import appointment_times, check_bookable_start, save_or_slot_taken
from .patch_tests import check_patch_test
from .plans import check_ready, check_spacing, lock_plan


@dataclass(frozen=True)
class Scheduled:
    appointment: Appointment
    warnings: list[str]


@transaction.atomic
def schedule_session(
    *,
    plan_id: int,
    number: int,
    start: datetime,
    override_reason: str = "",
    now: datetime | None = None,
) -> Scheduled:
    """Put session `number` of a plan into its artist's calendar (working hours, time off, buffers, spacing)."""
    now = now or timezone.now()
    plan = lock_plan(plan_id)  # serialises scheduling within one plan
    check_ready(plan)
    if not 1 <= number <= plan.session_count:
        raise InvalidBookingTime(f"This plan has {plan.session_count} sessions.")
    if plan.sessions.filter(session_number=number, status__in=Appointment.LIVE_STATUSES).exists():
        raise PlanNotSchedulable(f"Session {number} is already scheduled; move it instead.")
    service = session_service(number)
    policy = BookingPolicy.load()
    check_bookable_start(service=service, start=start, artist_id=plan.artist_id, policy=policy, now=now, online=False)
    warnings = _spacing_or_override(plan=plan, number=number, start=start, override_reason=override_reason)
    patch_test_overridden = _patch_test_or_override(
        plan=plan, number=number, start=start, policy=policy, override_reason=override_reason
    )
    end, blocked_until = appointment_times(artist=plan.artist, service=service, start=start)
    appointment = Appointment(
        artist=plan.artist,
        service=service,
        client=plan.client,
        plan=plan,
        session_number=number,
        start=start,
        end=end,
        blocked_until=blocked_until,
        source=Appointment.Source.STAFF,
        spacing_override_reason=override_reason.strip() if warnings is None else "",
        patch_test_override_reason=override_reason.strip() if patch_test_overridden else "",
    )
    appointment.full_clean(validate_constraints=False)
    save_or_slot_taken(appointment)
    sync_appointment_reminders(appointment=appointment, now=now)
    queue_change_email(appointment=appointment, change="booked", now=now)
    session_scheduled.send(sender=Appointment, appointment_id=appointment.pk)
    return Scheduled(appointment, warnings or [])


def _spacing_or_override(
    *, plan, number, start, override_reason, exclude_id=None, can_override: bool = True
) -> list[str] | None:
    """Warnings when within the rules; None when outside them but overridden (by staff) with a reason."""
    try:
        return check_spacing(plan=plan, number=number, start=start, rules=SpacingRules.load(), exclude_id=exclude_id)
    except SessionOrderError:
        raise
    except OutsideSpacingRules as error:
        if can_override and is_written_reason(override_reason):
            return None
        hint = " Choose another date, or give a reason to override." if can_override else " Please choose another date."
        raise OutsideSpacingRules(error.message + hint) from error


def _patch_test_or_override(*, plan, number, start, policy, override_reason, can_override: bool = True) -> bool:
    """True when session 1 breaks the patch-test rule but staff overrode it with a reason; refused otherwise."""
    if number != 1:
        return False
    try:
        check_patch_test(client_id=plan.client_id, start=start, policy=policy)
    except PatchTestNotClear as error:
        if can_override and is_written_reason(override_reason):
            return True
        hint = " Choose another date, or give a reason to override." if can_override else " Please call the clinic."
        raise PatchTestNotClear(error.message + hint) from error
    return False


@transaction.atomic
def reschedule_session(
    *, appointment_id: int, start: datetime, override_reason: str = "", online: bool = False, now=None
) -> Scheduled:
    """Move a scheduled session; availability and spacing are checked again, excluding its old time."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().select_related("artist", "service").get(pk=appointment_id)
    if appointment.plan_id is None:
        raise NotChangeable("This is not a treatment session.")
    plan = lock_plan(appointment.plan_id)
    if appointment.status != Appointment.Status.BOOKED or appointment.start <= now:
        raise NotChangeable("Only future, scheduled sessions can be moved.")
    if online and override_reason:
        raise OutsideSpacingRules("Only staff can override the spacing rules.")
    policy = BookingPolicy.load()
    if online:  # the client, in the portal: the clinic's change notice applies (staff may always move)
        check_client_notice(appointment=appointment, policy=policy, now=now, done="moved")
    # The time itself first (past, notice, hours, free), then how it sits between the other sessions.
    check_bookable_start(
        service=appointment.service,
        start=start,
        artist_id=appointment.artist_id,
        policy=policy,
        now=now,
        exclude_appointment_id=appointment.pk,
        online=online,
    )
    warnings = _spacing_or_override(
        plan=plan,
        number=appointment.session_number,
        start=start,
        override_reason=override_reason,
        exclude_id=appointment.pk,
        can_override=not online,
    )
    patch_test_overridden = _patch_test_or_override(
        plan=plan,
        number=appointment.session_number,
        start=start,
        policy=policy,
        override_reason=override_reason,
        can_override=not online,
    )
    remember_told_time(appointment)
    appointment.start = start
    appointment.end, appointment.blocked_until = appointment_times(
        artist=appointment.artist, service=appointment.service, start=start
    )
    appointment.sequence += 1
    appointment.spacing_override_reason = override_reason.strip() if warnings is None else ""
    appointment.patch_test_override_reason = override_reason.strip() if patch_test_overridden else ""
    save_or_slot_taken(appointment)
    sync_appointment_reminders(appointment=appointment, now=now)
    queue_change_email(appointment=appointment, change="moved", now=now)
    return Scheduled(appointment, warnings or [])
