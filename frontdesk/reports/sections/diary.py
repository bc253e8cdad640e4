from collections import defaultdict
from datetime import timedelta

from bookings.models import AppointmentSource

from ..period import Period
from ..selectors.diary import Tally, diary
from ..selectors.utilisation import week_of, working_hours
from ..tables import Column, Table
from .base import Section

# Staff book what comes in by phone or at the desk; "online" is the clinic's own form.
SOURCE_LABELS = {AppointmentSource.STAFF: "Staff (phone or desk)"}


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _rates(name: str, tally: Tally, worked: float, lead_days) -> list:
    return [
        name,
        tally.appointments,
        tally.no_shows,
        tally.no_show_rate,
        tally.late_cancellations,
        tally.late_cancellation_rate,
        _ratio(tally.booked_hours, worked),
        lead_days,
    ]


def _mondays(period: Period) -> list:
    mondays, monday = [], week_of(period.first)
    while monday <= period.last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def diary_section(*, period: Period) -> Section:
    figures = diary(period=period)
    per_artist, overall, artists = figures.per_artist(), figures.overall(), figures.artists
    hours = working_hours(period=period, artist_ids=[a.pk for a in artists])
    worked_by_artist, worked_by_week, booked_by_week = defaultdict(float), defaultdict(float), defaultdict(float)
    for (artist_id, monday), worked in hours.items():
        worked_by_artist[artist_id] += worked
        worked_by_week[monday] += worked
    for (_, monday), tally in figures.weeks.items():
        booked_by_week[monday] += tally.booked_hours
    rows = [
        _rates(a.display_name, per_artist.get(a.pk, Tally()), worked_by_artist[a.pk], figures.lead_days.get(a.pk))
        for a in artists
    ]
    if len(artists) > 1:
        rows.append(_rates("All artists", overall, sum(worked_by_artist.values()), figures.lead_days[None]))
    rates = Table(
        key="diary",
        caption="No-shows, late cancellations and utilisation by artist",
        columns=[
            Column("Artist"),
            Column("Appointments", "count"),
            Column("No-shows", "count"),
            Column("No-show rate", "percent"),
            Column("Late cancellations", "count"),
            Column("Late-cancellation rate", "percent"),
            Column("Utilisation", "percent"),
            Column("Median lead time (days)", "days"),
        ],
        rows=rows,
        chart_columns=(3, 5),
        note=f"A no-show rate is out of the appointments attended or missed; a late cancellation is one made "
        f"less than {figures.notice_hours} hours before the start (the booking policy), out of all appointments. "
        "Utilisation: booked hours ÷ working hours. Lead time: from booking a consultation to its day.",
    )
    weekly = Table(
        key="utilisation",
        caption="Utilisation by ISO week" + (f", {period.artist.display_name}" if period.artist else ", all artists"),
        columns=[
            Column("Week"),
            Column("Booked hours", "hours"),
            Column("Working hours", "hours"),
            Column("Utilisation", "percent"),
        ],
        rows=[
            [
                f"Week of {w:%-d %b %Y}",
                booked_by_week[w],
                worked_by_week[w],
                _ratio(booked_by_week[w], worked_by_week[w]),
            ]
            for w in _mondays(period)
        ],
        chart_columns=(3,),
        note="Working hours: the weekly hours less time off and the days the clinic is closed. Booked: the time of "
        "appointments not cancelled. Weeks cut by the period count their days inside it. One artist's weeks: "
        "choose the artist above.",
    )
    by_source = overall.by_source
    consultations = sum(by_source.values())
    sources = Table(
        key="sources",
        caption="How consultations were booked",
        columns=[Column("Booked by"), Column("Consultations", "count"), Column("Share", "percent")],
        rows=[
            [SOURCE_LABELS.get(value, label), by_source.get(value, 0), _ratio(by_source.get(value, 0), consultations)]
            for value, label in AppointmentSource.choices
        ],
        chart_columns=(1,),
    )
    return Section(key="diary", title="Diary health", tables=[rates, weekly, sources])
