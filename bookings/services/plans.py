"""Treatment plans and their 3-4 sessions: scheduling within the spacing rules, outcomes, notes."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from aftercare.services.reminders import sync_appointment_reminders
from clients.selectors import eligibility

from ..errors import InvalidBookingTime, NotChangeable, OutsideSpacingRules, PlanNotSchedulable, SessionOrderError
from ..hooks import plan_completed, session_completed
from ..models import Appointment, BookingPolicy, Service, SessionNote, SpacingRules, TreatmentPlan
from ..selectors import available_slots, clinic_tz, local_today
from ..slots import Slot
from .checks import appointment_times, check_bookable_start, lock_artists, mark_cancelled, save_or_slot_taken
from .consultations import queue_booking_email

LIVE = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)


def session_service(number: int) -> Service:
    return Service.objects.get(slug=Service.FIRST_SESSION if number == 1 else Service.FOLLOW_UP_SESSION)


@transaction.atomic
def create_plan(
    *, client, artist, treatment_type: str, session_count: int = 3, fourth_session_reason: str = "", created_by=None
) -> TreatmentPlan:
    plan = TreatmentPlan(
        client=client,
        artist=artist,
        treatment_type=treatment_type,
        session_count=session_count,
        fourth_session_reason=fourth_session_reason.strip(),
        created_by=created_by,
    )
    busy = "This client already has a plan in progress; complete or cancel it first."
    if TreatmentPlan.objects.filter(client=client, status=TreatmentPlan.Status.ACTIVE).exists():
        raise PlanNotSchedulable(busy)
    plan.full_clean()  # a 4th session without a reason is refused here and by the database
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:  # two identical requests at once: the database lets one through
        if "bookings_one_active_plan" in str(error):
            raise PlanNotSchedulable(busy) from error
        raise
    return plan


def _local_date(moment: datetime) -> date:
    return moment.astimezone(clinic_tz()).date()


def check_spacing(
    *, plan: TreatmentPlan, number: int, start: datetime, rules: SpacingRules, exclude_id: int | None = None
) -> list[str]:
    """Refuse a session too close to its neighbours; return warnings for gaps over the maximum."""
    sessions = {
        a.session_number: a for a in plan.sessions.filter(status__in=LIVE).exclude(pk=exclude_id).order_by("start")
    }
    warnings = []
    if number > 1 and number - 1 not in sessions:
        raise OutsideSpacingRules(f"Schedule session {number - 1} before session {number}.")
    neighbours = [(number - 1, number), (number, number + 1)]
    for earlier, later in neighbours:
        other = sessions.get(earlier if later == number else later)
        if other is None:
            continue
        first, second = (other.start, start) if later == number else (start, other.start)
        gap = (_local_date(second) - _local_date(first)).days
        minimum = rules.minimum_before(later)
        if gap <= 0:
            raise SessionOrderError(
                f"Session {later} must be on a later day than session {earlier} "
                f"({_local_date(other.start):%-d %B}); no reason can override that."
            )
        if gap < minimum:
            raise OutsideSpacingRules(
                f"Session {later} must be at least {minimum} days after session {earlier} "
                f"(recommended {rules.recommended_before(later)}); this would be {gap} days."
            )
        if gap > rules.max_gap_days:
            warnings.append(
                f"Sessions {earlier} and {later} would be {gap} days apart (more than {rules.max_gap_days})."
            )
    return warnings


def _lock_plan(plan_id: int) -> TreatmentPlan:
    plan = TreatmentPlan.objects.select_for_update().select_related("client", "artist").get(pk=plan_id)
    if plan.status != TreatmentPlan.Status.ACTIVE:
        raise PlanNotSchedulable(f"This plan is {plan.get_status_display().lower()}; sessions can't be changed.")
    return plan


def _check_ready(plan: TreatmentPlan) -> None:
    status = eligibility(client=plan.client)
    if not status.can_schedule:
        raise PlanNotSchedulable(" ".join(status.problems))


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
    plan = _lock_plan(plan_id)  # serialises scheduling within one plan
    _check_ready(plan)
    if not 1 <= number <= plan.session_count:
        raise InvalidBookingTime(f"This plan has {plan.session_count} sessions.")
    if plan.sessions.filter(session_number=number, status__in=LIVE).exists():
        raise PlanNotSchedulable(f"Session {number} is already scheduled; move it instead.")
    service = session_service(number)
    lock_artists(plan.artist_id)
    check_bookable_start(
        service=service, start=start, artist_id=plan.artist_id, policy=BookingPolicy.load(), now=now, online=False
    )
    warnings = _spacing_or_override(plan=plan, number=number, start=start, override_reason=override_reason)
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
    )
    appointment.full_clean(validate_constraints=False)
    save_or_slot_taken(appointment)
    sync_appointment_reminders(appointment=appointment, now=now)
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
        if can_override and sum(not ch.isspace() for ch in override_reason) >= 3:
            return None
        hint = " Choose another date, or give a reason to override." if can_override else " Please choose another date."
        raise OutsideSpacingRules(error.message + hint) from error


@transaction.atomic
def reschedule_session(
    *, appointment_id: int, start: datetime, override_reason: str = "", online: bool = False, now=None
) -> Scheduled:
    """Move a scheduled session; availability and spacing are checked again, excluding its old time."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().select_related("artist", "service").get(pk=appointment_id)
    if appointment.plan_id is None:
        raise NotChangeable("This is not a treatment session.")
    plan = _lock_plan(appointment.plan_id)
    if appointment.status != Appointment.Status.BOOKED or appointment.start <= now:
        raise NotChangeable("Only future, scheduled sessions can be moved.")
    if online and override_reason:
        raise OutsideSpacingRules("Only staff can override the spacing rules.")
    if online and appointment.start < now + timedelta(minutes=BookingPolicy.load().min_notice_minutes):
        raise NotChangeable("This session starts too soon to move online; please call the clinic.")
    # The time itself first (past, notice, hours, free), then how it sits between the other sessions.
    lock_artists(appointment.artist_id)
    check_bookable_start(
        service=appointment.service,
        start=start,
        artist_id=appointment.artist_id,
        policy=BookingPolicy.load(),
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
    appointment.start = start
    appointment.end, appointment.blocked_until = appointment_times(
        artist=appointment.artist, service=appointment.service, start=start
    )
    appointment.sequence += 1
    appointment.spacing_override_reason = override_reason.strip() if warnings is None else ""
    save_or_slot_taken(appointment)
    sync_appointment_reminders(appointment=appointment, now=now)
    return Scheduled(appointment, warnings or [])


@dataclass(frozen=True)
class Proposal:
    number: int
    slot: Slot | None
    earliest: date


def propose_session_dates(*, plan: TreatmentPlan, search_days: int = 90) -> list[Proposal]:
    """The earliest valid slot for every remaining session, each after the one before by the recommended gap.

    One availability query set per remaining session (at most four), whatever the calendar holds.
    """
    rules = SpacingRules.load()
    live = {a.session_number: a for a in plan.sessions.filter(status__in=LIVE)}
    proposals = []
    previous: date | None = None
    for number in range(1, plan.session_count + 1):
        if number in live:
            previous = _local_date(live[number].start)
            continue
        soonest = local_today() + timedelta(days=1)
        earliest = soonest
        if previous is not None:
            earliest = max(soonest, previous + timedelta(days=rules.recommended_before(number)))
        latest = earliest + timedelta(days=search_days)
        later = next((live[n] for n in range(number + 1, plan.session_count + 1) if n in live), None)
        if later is not None:  # a session booked again must still leave the minimum gap before the next one
            latest = _local_date(later.start) - timedelta(days=rules.minimum_before(number + 1))
            if previous is not None and earliest > latest:  # squeeze in at the minimum gap instead
                earliest = max(soonest, previous + timedelta(days=rules.minimum_before(number)))
        by_day = {}
        if earliest <= latest:
            by_day = available_slots(
                service=session_service(number),
                start_date=earliest,
                end_date=latest,
                artist_id=plan.artist_id,
                online=False,
            )
        slot = next((s for slots in by_day.values() for s in slots), None)
        proposals.append(Proposal(number=number, slot=slot, earliest=earliest))
        if slot is None:
            break  # nothing later can be proposed without this one
        previous = _local_date(slot.start)
    return proposals


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
    its final session); completing any other sends `session_completed` (both inside this transaction,
    see bookings/hooks.py).
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
    if appointment.plan_id is None and status == Appointment.Status.CANCELLED:
        queue_booking_email(appointment, "cancellation")  # the client booked it; tell them
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


@transaction.atomic
def cancel_plan(*, plan_id: int, now: datetime | None = None) -> TreatmentPlan:
    """Stop a plan: its future scheduled sessions are cancelled (their time is freed); history stays."""
    now = now or timezone.now()
    plan = _lock_plan(plan_id)
    for session in plan.sessions.select_for_update().filter(status=Appointment.Status.BOOKED, start__gt=now):
        mark_cancelled(session, now=now)
        sync_appointment_reminders(appointment=session, now=now)
    plan.status = TreatmentPlan.Status.CANCELLED
    plan.save(update_fields=["status"])
    return plan
