"""Reads for booking: availability in a constant number of queries, whatever the data size."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from clinic.clock import clinic_tz, local_instant, local_today

from ..availability_cache import cached_answer
from ..models import Appointment, Artist, BookingPolicy, Service, TimeOff, WorkingHours
from ..slots import Interval, Slot, free_slots
from .closures import clinic_closures


def consultation_service() -> Service:
    return Service.objects.get(slug=Service.CONSULTATION)


def bookable_artists(*, artist_id: int | None = None):
    qs = Artist.objects.filter(is_active=True).prefetch_related(
        Prefetch("working_hours", queryset=WorkingHours.objects.order_by("weekday", "start_time"))
    )
    if artist_id is not None:
        qs = qs.filter(pk=artist_id)
    return qs


def booking_window(*, policy: BookingPolicy, now: datetime) -> tuple[datetime, datetime]:
    """[earliest start, latest start): notice from now, up to the end of the horizon's last local day."""
    earliest = now + timedelta(minutes=policy.min_notice_minutes)
    last_day = local_today(now=now) + timedelta(days=policy.horizon_days)
    latest = local_instant(last_day + timedelta(days=1), datetime.min.time(), clinic_tz())
    return earliest, latest


def available_slots(
    *,
    service: Service,
    start_date: date,
    end_date: date,
    artist_id: int | None = None,
    policy: BookingPolicy | None = None,
    now: datetime | None = None,
    online: bool = True,
    exclude_appointment_id: int | None = None,
    ignore_bookings: bool = False,
) -> dict[date, list[Slot]]:
    """Free slots per local date in [start_date, end_date], sorted by start then artist.

    Five queries (artists, their hours, appointments, time off, the clinic's closures) for any number
    of days and artists; a day the clinic is closed (25 December…) has no slots, online or by phone; the appointment query is answered from the exclusion constraint's GiST index.
    `online=False` (staff booking) drops the notice and horizon limits but still refuses the past.
    `exclude_appointment_id` ignores one booking (the one being moved); `ignore_bookings` gives the
    bare working-hours grid (to tell "taken" from "never bookable").
    """
    tz = clinic_tz()
    policy = policy or BookingPolicy.load()
    now = now or timezone.now()
    if online:
        earliest, latest = booking_window(policy=policy, now=now)
    else:
        earliest, latest = now, datetime.max.replace(tzinfo=UTC)

    artists = list(bookable_artists(artist_id=artist_id))
    days = [start_date + timedelta(days=i) for i in range((end_date - start_date).days + 1)]
    result: dict[date, list[Slot]] = {d: [] for d in days}
    if not artists or not days:
        return result
    closures = clinic_closures()
    days = [d for d in days if not closures.covers(d)]
    if not days:
        return result

    window_start = local_instant(days[0], datetime.min.time(), tz)
    window_end = local_instant(days[-1] + timedelta(days=1), datetime.min.time(), tz)
    ids = [a.pk for a in artists]
    busy, off = defaultdict(list), defaultdict(list)
    if not ignore_bookings:
        taken = (
            Appointment.objects.active()
            .overlapping(window_start, window_end + timedelta(minutes=service.duration_minutes))
            .filter(artist_id__in=ids)
            .exclude(pk=exclude_appointment_id)
        )
        for artist_pk, start, blocked_until in taken.order_by().values_list("artist_id", "start", "blocked_until"):
            busy[artist_pk].append(Interval(start, blocked_until))
        away = TimeOff.objects.filter(artist_id__in=ids, start__lt=window_end, end__gt=window_start)
        for artist_pk, start, end in away.values_list("artist_id", "start", "end"):
            off[artist_pk].append(Interval(start, end))

    duration = timedelta(minutes=service.duration_minutes)
    step = timedelta(minutes=policy.slot_step_minutes)
    for artist in artists:
        buffer = timedelta(minutes=max(service.buffer_minutes, artist.buffer_minutes))
        hours = list(artist.working_hours.all())
        for day in days:
            working = [
                Interval(local_instant(day, h.start_time, tz), local_instant(day, h.end_time, tz))
                for h in hours
                if h.weekday == day.weekday()
            ]
            result[day].extend(
                free_slots(
                    artist_id=artist.pk,
                    working=working,
                    busy=busy[artist.pk],
                    off=off[artist.pk],
                    duration=duration,
                    buffer=buffer,
                    step=step,
                    earliest=earliest,
                    latest=latest,
                )
            )
    for day in days:
        result[day].sort(key=lambda s: (s.start, s.artist_id))
    return result


def per_day_offer(by_day: dict[date, list[Slot]], *, artist_id: int | None) -> dict[date, list[Slot]]:
    """What a picker offers: one slot per time when any artist will do, every slot of a chosen artist."""
    if artist_id is not None:
        return by_day
    return {day: distinct_times(slots) for day, slots in by_day.items()}


def offered_slots(
    *, service: Service, start_date: date, end_date: date, artist_id: int | None, policy: BookingPolicy
) -> dict[date, list[Slot]]:
    """What the public picker offers per day (one slot per time when any artist will do).

    Cached, shared by every visitor, until the calendar changes or the notice reaches a slot.
    """
    key = f"offered:{service.pk}:{local_today()}:{start_date}:{end_date}:{artist_id or 'any'}"

    def compute():
        by_day = per_day_offer(
            available_slots(
                service=service, start_date=start_date, end_date=end_date, artist_id=artist_id, policy=policy
            ),
            artist_id=artist_id,
        )
        firsts = [slots[0].start for slots in by_day.values() if slots]
        return by_day, min(firsts) - timedelta(minutes=policy.min_notice_minutes) if firsts else None

    return cached_answer(key, compute)


def slots_on(*, service: Service, day: date, artist_id: int | None = None, **kwargs) -> list[Slot]:
    return available_slots(service=service, start_date=day, end_date=day, artist_id=artist_id, **kwargs)[day]


def distinct_times(slots: list[Slot]) -> list[Slot]:
    """One slot per start time (the first artist free then): what an 'any artist' picker shows."""
    seen, unique = set(), []
    for slot in slots:
        if slot.start not in seen:
            seen.add(slot.start)
            unique.append(slot)
    return unique


def nearest_free_slots(
    *,
    service: Service,
    around: datetime,
    artist_id: int | None = None,
    limit: int = 5,
    days: int = 7,
    online: bool = True,
) -> list[Slot]:
    """The free start times closest to `around` (before or after), for 'that slot was just taken'.

    `online=False`: the desk's times (inside the online notice too).
    """
    day = local_today(now=around)
    today = local_today()
    first = max(today, day - timedelta(days=days))
    by_day = available_slots(
        service=service, start_date=first, end_date=day + timedelta(days=days), artist_id=artist_id, online=online
    )
    candidates = [s for slots in by_day.values() for s in slots]
    if artist_id is None:
        candidates = distinct_times(sorted(candidates))
    candidates.sort(key=lambda s: (abs(s.start - around), s.start))
    return sorted(candidates[:limit])
