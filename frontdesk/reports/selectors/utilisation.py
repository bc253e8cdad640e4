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
    away: dict[int, list] = defaultdict(list)
    for off in TimeOff.objects.filter(artist_id__in=artist_ids, start__lt=period.end, end__gt=period.start):
        away[off.artist_id].append((off.start, off.end))
    closures = clinic_closures()
    open_days, day = [], period.first
    while day <= period.last:
        if not closures.covers(day):
            open_days.append((day, week_of(day)))
        day += timedelta(days=1)
    instants: dict[tuple, tuple[datetime, datetime, float]] = {}  # (day, start, end) → instants and hours

    def weeks(week_template: tuple, spans: list) -> dict[date, float]:
        """One weekly template's hours per Monday, less the `spans` of time off."""
        by_monday: dict[date, float] = defaultdict(float)
        for day, monday in open_days:
            for start_time, end_time in week_template[day.weekday()]:
                if (found := instants.get((day, start_time, end_time))) is None:
                    start, end = local_instant(day, start_time), local_instant(day, end_time)
                    found = instants[(day, start_time, end_time)] = (start, end, (end - start).total_seconds() / 3600)
                start, end, worked = found
                by_monday[monday] += (
                    (end - start - _overlap(start, end, spans)).total_seconds() / 3600 if spans else worked
                )
        return by_monday

    # Artists mostly share their hours: artists without time off in the period and with the same weekly hours
    # are reckoned once (the same sums, in the same order); an artist with time off has their own.
    shared: dict[tuple, dict[date, float]] = {}
    hours: dict[tuple[int, date], float] = {}
    for artist_id in artist_ids:
        week_template = tuple(tuple(template.get((artist_id, weekday), ())) for weekday in range(7))
        if artist_id in away:
            by_monday = weeks(week_template, away[artist_id])
        elif (by_monday := shared.get(week_template)) is None:
            by_monday = shared[week_template] = weeks(week_template, [])
        hours.update({(artist_id, monday): worked for monday, worked in by_monday.items()})
    return hours
