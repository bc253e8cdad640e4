"""Treatment plans and their 3-4 sessions: scheduling within the spacing rules, outcomes, notes."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.selectors import eligibility
from clinic.clock import local_today
from clinic.plurals import count

from ..errors import OutsideSpacingRules, PlanNotSchedulable, SessionOrderError
from ..messages import queue_change_email, sync_appointment_reminders
from ..models import Appointment, SpacingRules, TreatmentPlan
from ..models.plans import ONE_ACTIVE_PLAN
from .checks import announce_cancelled, mark_cancelled


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
    busy = ONE_ACTIVE_PLAN
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


def check_spacing(
    *, plan: TreatmentPlan, number: int, start: datetime, rules: SpacingRules, exclude_id: int | None = None
) -> list[str]:
    """Refuse a session too close to its neighbours; return warnings for gaps over the maximum."""
    sessions = {
        a.session_number: a
        for a in plan.sessions.filter(status__in=Appointment.LIVE_STATUSES).exclude(pk=exclude_id).order_by("start")
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
        gap = (local_today(now=second) - local_today(now=first)).days
        minimum = rules.minimum_before(later)
        if gap <= 0:
            raise SessionOrderError(
                f"Session {later} must be on a later day than session {earlier} "
                f"({local_today(now=other.start):%-d %B}); no reason can override that."
            )
        if gap < minimum:
            raise OutsideSpacingRules(
                f"Session {later} must be at least {count(minimum, 'day')} after session {earlier} "
                f"(recommended {rules.recommended_before(later)}); this would be {count(gap, 'day')}."
            )
        if gap > rules.max_gap_days:
            warnings.append(
                f"Sessions {earlier} and {later} would be {count(gap, 'day')} apart (more than {rules.max_gap_days})."
            )
    return warnings


def lock_plan(plan_id: int) -> TreatmentPlan:
    plan = TreatmentPlan.objects.select_for_update().select_related("client", "artist").get(pk=plan_id)
    if plan.status != TreatmentPlan.Status.ACTIVE:
        raise PlanNotSchedulable(f"This plan is {plan.get_status_display().lower()}; sessions can't be changed.")
    return plan


def check_ready(plan: TreatmentPlan) -> None:
    status = eligibility(client=plan.client)
    if not status.can_schedule:
        raise PlanNotSchedulable(" ".join(status.problems))


@transaction.atomic
def cancel_plan(*, plan_id: int, now: datetime | None = None) -> TreatmentPlan:
    """Stop a plan: its future scheduled sessions are cancelled (their time is freed); history stays."""
    now = now or timezone.now()
    plan = lock_plan(plan_id)
    for session in plan.sessions.select_for_update().filter(status=Appointment.Status.BOOKED, start__gt=now):
        mark_cancelled(session, now=now)
        sync_appointment_reminders(appointment=session, now=now)
        queue_change_email(appointment=session, change="cancelled", now=now)
        announce_cancelled(session, now=now, by_client=False)
    plan.status = TreatmentPlan.Status.CANCELLED
    plan.save(update_fields=["status"])
    return plan
