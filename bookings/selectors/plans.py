"""Reads for treatment plans: the service of each session, and proposed dates for the remaining ones."""

from dataclasses import dataclass
from datetime import date, timedelta

from clients.patch_tests.selectors import patch_test_status
from clinic.clock import local_today

from ..models import Appointment, BookingPolicy, Service, SpacingRules, TreatmentPlan
from ..slots import Slot
from .availability import available_slots


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
    live = {a.session_number: a for a in plan.sessions.filter(status__in=Appointment.LIVE_STATUSES)}
    proposals = []
    previous: date | None = None
    for number in range(1, plan.session_count + 1):
        if number in live:
            previous = local_today(now=live[number].start)
            continue
        soonest = local_today() + timedelta(days=1)
        if number == 1 and (cleared := session_one_from(client_id=plan.client_id)):
            soonest = max(soonest, cleared)  # the patch-test rule, where the clinic has one
        earliest = soonest
        if previous is not None:
            earliest = max(soonest, previous + timedelta(days=rules.recommended_before(number)))
        latest = earliest + timedelta(days=search_days)
        later = next((live[n] for n in range(number + 1, plan.session_count + 1) if n in live), None)
        if later is not None:  # a session booked again must still leave the minimum gap before the next one
            latest = local_today(now=later.start) - timedelta(days=rules.minimum_before(number + 1))
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
        previous = local_today(now=slot.start)
    return proposals


def session_one_from(*, client_id: int) -> date | None:
    """The first day the patch-test rule allows session 1, if the clinic requires one and the client's is clear."""
    policy = BookingPolicy.load()
    if not policy.patch_test_required:
        return None
    status = patch_test_status(client_id=client_id)
    if status.state != "clear":
        return None
    return status.latest.done_on + timedelta(days=policy.patch_test_min_days)


def session_service(number: int) -> Service:
    return Service.objects.get(slug=Service.FIRST_SESSION if number == 1 else Service.FOLLOW_UP_SESSION)
