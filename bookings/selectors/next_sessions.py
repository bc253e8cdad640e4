"""The next session each client's active plan with an artist still needs (what a free time can be booked for)."""

from django.db.models import Prefetch

from ..models import Appointment, Artist, TreatmentPlan


def next_sessions(*, client_ids: list[int], artist: Artist, plans=None) -> dict[int, tuple[TreatmentPlan, int]]:
    """client id → (their active plan with `artist`, the lowest session number not booked or done). Two queries."""
    live = Appointment.objects.filter(status__in=Appointment.LIVE_STATUSES)
    found = {}
    for plan in (
        (plans if plans is not None else TreatmentPlan.objects)
        .filter(client_id__in=client_ids, artist=artist, status=TreatmentPlan.Status.ACTIVE)
        .prefetch_related(Prefetch("sessions", queryset=live, to_attr="live_sessions"))
    ):
        taken = {s.session_number for s in plan.live_sessions}
        missing = [n for n in range(1, plan.session_count + 1) if n not in taken]
        if missing:
            found[plan.client_id] = (plan, missing[0])
    return found
