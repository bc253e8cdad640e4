"""Reads for the team's lists: consultations, an artist's clients, clashes with time off, where a session may move."""

from datetime import date, datetime, timedelta

from django.db.models import QuerySet

from clinic.clock import clinic_tz, local_instant

from ..models import Appointment, Service, SpacingRules, TimeOff, TreatmentPlan


def artist_client_ids(artist) -> QuerySet:
    """Clients an artist may see: those with an appointment or a plan with them."""
    return (
        Appointment.objects.filter(artist=artist)
        .values("client_id")
        .union(TreatmentPlan.objects.filter(artist=artist).values("client_id"))
    )


def upcoming_consultations(
    *, start_date: date | None, end_date: date | None, artist_id: int | None, status: str | None = "booked"
):
    """Staff list: consultations in a local date range (booked ones by default), with what each row shows."""
    tz = clinic_tz()
    qs = (
        Appointment.objects.filter(service__slug=Service.CONSULTATION)
        .select_related("artist", "client", "service")
        .order_by("start")
    )
    if start_date:
        qs = qs.filter(start__gte=local_instant(start_date, datetime.min.time(), tz))
    if end_date:
        qs = qs.filter(start__lt=local_instant(end_date + timedelta(days=1), datetime.min.time(), tz))
    if artist_id:
        qs = qs.filter(artist_id=artist_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def clashes_with(time_off: TimeOff) -> list[Appointment]:
    """Booked appointments inside an artist's time off: to be moved, never dropped."""
    return list(
        Appointment.objects.filter(
            artist_id=time_off.artist_id,
            status=Appointment.Status.BOOKED,
            start__lt=time_off.end,
            end__gt=time_off.start,
        )
        .select_related("client", "service", "plan")
        .order_by("start")
    )


def session_move_window(appointment: Appointment) -> tuple[date | None, date | None]:
    """The days a session may move to without breaking the minimum gaps to its neighbours."""

    rules = SpacingRules.load()
    tz = clinic_tz()
    sessions = {
        a.session_number: a
        for a in appointment.plan.sessions.filter(status__in=Appointment.LIVE_STATUSES)
        .exclude(pk=appointment.pk)
        .only("session_number", "start")
    }
    number = appointment.session_number
    before, after = sessions.get(number - 1), sessions.get(number + 1)
    first = before.start.astimezone(tz).date() + timedelta(days=rules.minimum_before(number)) if before else None
    last = after.start.astimezone(tz).date() - timedelta(days=rules.minimum_before(number + 1)) if after else None
    return first, last
