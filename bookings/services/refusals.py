"""Why an artist can't take an appointment at a time, in words that name what is in the way.

Only asked once a time turned out not to be free. Hours and closures may be said to anyone; time off and
clashes name a colleague's absence or another client, so only staff are told them (`Refusal.staff_only`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from clinic.clock import clinic_tz, local_instant, to_clinic_time

from ..models import Appointment, Artist, Service, TimeOff
from ..selectors.closures import clinic_closures


@dataclass(frozen=True)
class Refusal:
    message: str
    taken: bool  # in the way is another booking or time off (not hours or the clinic's closed days)
    staff_only: bool = False


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes}-minute"
    return f"{hours}-hour" if not rest else f"{hours}.5-hour" if rest == 30 else f"{hours} h {rest} min"


def _kind(service: Service) -> str:
    return "consultation" if service.slug == Service.CONSULTATION else "session"


def _short_name(full_name: str) -> str:
    """'Jamie Walsh' → 'J. Walsh': enough for a colleague to recognise, less than the full record."""
    parts = full_name.split()
    return f"{parts[0][0]}. {parts[-1]}" if len(parts) > 1 else full_name


def _hours_refusal(artist: Artist, service: Service, start: datetime) -> Refusal | None:
    local = to_clinic_time(start)
    day, tz = local.date(), clinic_tz()
    name = artist.display_name
    if closure := next((c for c in clinic_closures().rows if c.covers(day)), None):
        return Refusal(
            f"The clinic is closed on {local:%A %-d %B}{f' ({closure.reason})' if closure.reason else ''}.", False
        )
    intervals = [
        (local_instant(day, h.start_time, tz), local_instant(day, h.end_time, tz))
        for h in artist.working_hours.all()
        if h.weekday == day.weekday()
    ]
    if not intervals:
        return Refusal(f"{name} doesn't work on {local:%A}s.", False)
    around = next(((a, b) for a, b in intervals if a <= start < b), None)
    if around is None:
        times = ", ".join(f"{to_clinic_time(a):%H:%M}–{to_clinic_time(b):%H:%M}" for a, b in sorted(intervals))
        return Refusal(f"{local:%H:%M} on {local:%A %-d %B} is outside {name}'s working hours ({times}).", False)
    end = start + timedelta(minutes=service.duration_minutes)
    if end > around[1]:
        return Refusal(
            f"A {_length(service.duration_minutes)} {_kind(service)} at {local:%H:%M} would end at "
            f"{to_clinic_time(end):%H:%M}, after {name}'s hours ({to_clinic_time(around[1]):%H:%M}).",
            False,
        )
    return None


def explain_refusal(
    *, artist: Artist, service: Service, start: datetime, exclude_appointment_id: int | None = None
) -> Refusal | None:
    """What keeps `artist` from taking `service` at `start` (None: nothing found; then it was a race)."""
    if refusal := _hours_refusal(artist, service, start):
        return refusal
    end = start + timedelta(minutes=service.duration_minutes)
    buffer = timedelta(minutes=max(service.buffer_minutes, artist.buffer_minutes))
    name = artist.display_name
    away = TimeOff.objects.filter(artist=artist, start__lt=end, end__gt=start).first()
    if away:
        reason = f" ({away.reason})" if away.reason else ""
        return Refusal(
            f"{name} is off from {to_clinic_time(away.start):%-d %b %H:%M} to {to_clinic_time(away.end):%-d %b %H:%M}"
            f"{reason}.",
            True,
            staff_only=True,
        )
    clash = (
        Appointment.objects.active()
        .overlapping(start, end + buffer)
        .filter(artist=artist)
        .exclude(pk=exclude_appointment_id)
        .select_related("client", "service", "plan")
        .order_by("start")
        .first()
    )
    if clash:
        span = f"{to_clinic_time(clash.start):%H:%M}–{to_clinic_time(clash.end):%H:%M}"
        gap = ""
        if not (clash.start < end and start < clash.end):  # only the gap after one of them is in the way
            gap = f" (with the {buffer.seconds // 60}-minute gap kept after each appointment)"
        return Refusal(
            f"{name} already has {clash.what} with {_short_name(clash.client.full_name)} {span}{gap}.",
            True,
            staff_only=True,
        )
    return None
