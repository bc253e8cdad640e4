"""Working hours per artist and ISO week: the weekly template on each day of the period, less time off and the
clinic's closures. Three queries (the hours, the time off, the closures) for any period; the days are walked in
Python, each interval made an instant on its own date so a clock-change day counts the hours really worked.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from bookings.models import TimeOff, WorkingHours
from bookings.selectors.closures import clinic_closures
from clinic.clock import local_instant

from ..period import Period


def week_of(day: date) -> date:
    """The Monday of `day`'s ISO week (what TruncWeek gives in the clinic's zone)."""
    return day - timedelta(days=day.weekday())


def _overlap(start: datetime, end: datetime, spans: list[tuple[datetime, datetime]]) -> timedelta:
    covered = timedelta()
    for span_start, span_end in spans:
        if span_start < end and span_end > start:
            covered += min(end, span_end) - max(start, span_start)
    return covered


def working_hours(*, period: Period, artist_ids: list[int]) -> dict[tuple[int, date], float]:
    """{(artist id, Monday): hours} over the period's days (a week cut by the period counts its days inside)."""
    template = defaultdict(list)
    for row in WorkingHours.objects.filter(artist_id__in=artist_ids).order_by("start_time"):
        template[(row.artist_id, row.weekday)].append((row.start_time, row.end_time))
    away = defaultdict(list)
    for off in TimeOff.objects.filter(artist_id__in=artist_ids, start__lt=period.end, end__gt=period.start):
        away[off.artist_id].append((off.start, off.end))
    closures = clinic_closures()
    hours: dict[tuple[int, date], float] = defaultdict(float)
    day = period.first
    while day <= period.last:
        if not closures.covers(day):
            monday, instants = week_of(day), {}  # artists mostly share their hours: one conversion per time a day
            for artist_id in artist_ids:
                for start_time, end_time in template.get((artist_id, day.weekday()), ()):
                    if (start_time, end_time) not in instants:
                        instants[(start_time, end_time)] = (
                            local_instant(day, start_time),
                            local_instant(day, end_time),
                        )
                    start, end = instants[(start_time, end_time)]
                    worked = end - start - (_overlap(start, end, away[artist_id]) if artist_id in away else timedelta())
                    hours[(artist_id, monday)] += worked.total_seconds() / 3600
        day += timedelta(days=1)
    return dict(hours)
