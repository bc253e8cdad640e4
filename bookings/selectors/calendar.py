"""The calendar grid: each artist's appointments, time off and free time, day by day."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from clinic.clock import clinic_tz, local_instant

from ..models import Appointment, Artist, TimeOff, WorkingHours
from ..slots import Interval


@dataclass(frozen=True)
class CalendarItem:
    start: datetime
    end: datetime
    kind: str  # appointment, time_off, free
    appointment: Appointment | None = None
    label: str = ""
    time_off: TimeOff | None = None


@dataclass
class CalendarDay:
    day: date
    columns: list[tuple[Artist, list[CalendarItem]]]


def calendar_days(*, start_date: date, days: int, artists) -> list[CalendarDay]:
    """Day/week view: per day and artist, appointments, time off and free time in order. Four queries."""
    tz = clinic_tz()
    now = timezone.now()
    artists = list(artists.prefetch_related(Prefetch("working_hours", queryset=WorkingHours.objects.all())))
    ids = [a.pk for a in artists]
    first = local_instant(start_date, datetime.min.time(), tz)
    last = local_instant(start_date + timedelta(days=days), datetime.min.time(), tz)
    appointments = defaultdict(list)
    for a in (
        # `overlapping` (the exclusion constraint's GiST index): a bare start/end filter reads every
        # appointment in the artists' history, which grows with the years.
        Appointment.objects.active()
        .overlapping(first, last)
        .filter(artist_id__in=ids, start__lt=last, end__gt=first)
        .select_related("client", "service", "plan")
        .order_by("start")
    ):
        appointments[(a.artist_id, a.start.astimezone(tz).date())].append(a)
    away = defaultdict(list)
    for t in TimeOff.objects.filter(artist_id__in=ids, start__lt=last, end__gt=first):
        away[t.artist_id].append(t)
    result = []
    for offset in range(days):
        day = start_date + timedelta(days=offset)
        day_start = local_instant(day, datetime.min.time(), tz)
        day_end = local_instant(day + timedelta(days=1), datetime.min.time(), tz)
        columns = []
        for artist in artists:
            items = [
                CalendarItem(a.start, a.end, "appointment", a, a.client.full_name)
                for a in appointments[(artist.pk, day)]
            ]
            offs = [t for t in away[artist.pk] if t.start < day_end and t.end > day_start]
            items += [
                CalendarItem(
                    max(t.start, day_start), min(t.end, day_end), "time_off", label=t.reason or "Time off", time_off=t
                )
                for t in offs
            ]
            # Buffers after appointments are not free time, and neither is the past.
            busy = [Interval(i.start, i.appointment.blocked_until if i.appointment else i.end) for i in items]
            busy.append(Interval(day_start, max(day_start, now)))
            for h in artist.working_hours.all():
                if h.weekday == day.weekday():
                    items += _free_between(
                        local_instant(day, h.start_time, tz), local_instant(day, h.end_time, tz), busy
                    )
            items.sort(key=lambda i: (i.start, i.kind))
            columns.append((artist, items))
        result.append(CalendarDay(day=day, columns=columns))
    return result


def _free_between(opens: datetime, closes: datetime, busy: list[Interval]) -> list[CalendarItem]:
    free, cursor = [], opens
    for interval in sorted(busy, key=lambda i: i.start):
        if interval.end <= cursor or interval.start >= closes:
            continue
        if interval.start > cursor:
            free.append(CalendarItem(cursor, interval.start, "free", label="Free"))
        cursor = max(cursor, interval.end)
    if cursor < closes:
        free.append(CalendarItem(cursor, closes, "free", label="Free"))
    return free
