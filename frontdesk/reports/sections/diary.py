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


def _rates(name: str, tally: Tally, lead_days) -> list:
    return [
        name,
        tally.appointments,
        tally.no_shows,
        tally.no_show_rate,
        tally.late_cancellations,
        tally.late_cancellation_rate,
        lead_days,
    ]


def diary_section(*, period: Period) -> Section:
    figures = diary(period=period)
    per_artist, overall = figures.per_artist(), figures.overall()
    artists = figures.artists
    hours = working_hours(period=period, artist_ids=[a.pk for a in artists])
    rates = Table(
        key="diary",
        caption="No-shows and late cancellations",
        columns=[
            Column("Artist"),
            Column("Appointments", "count"),
            Column("No-shows", "count"),
            Column("No-show rate", "percent"),
            Column("Late cancellations", "count"),
            Column("Late-cancellation rate", "percent"),
            Column("Median days from booking to consultation", "days"),
        ],
        rows=[_rates(a.display_name, per_artist.get(a.pk, Tally()), figures.lead_days.get(a.pk)) for a in artists]
        + ([_rates("All artists", overall, figures.lead_days[None])] if len(artists) > 1 else []),
        chart_columns=(3, 5),
        note=f"A no-show rate is out of the appointments attended or missed; a late cancellation is one made "
        f"less than {figures.notice_hours} hours before the start (the booking policy), out of all appointments.",
    )
    mondays, monday = [], week_of(period.first)
    while monday <= period.last:
        mondays.append(monday)
        monday += timedelta(days=7)

    def booked(artist_id, week):
        return figures.weeks[(artist_id, week)].booked_hours if (artist_id, week) in figures.weeks else 0.0

    weekly_rows = []
    for week in mondays:
        cells = [_ratio(booked(a.pk, week), hours.get((a.pk, week), 0)) for a in artists]
        total_booked = sum(booked(a.pk, week) for a in artists)
        total_hours = sum(hours.get((a.pk, week), 0) for a in artists)
        weekly_rows.append(
            [f"Week of {week:%-d %b %Y}", *cells, total_booked, total_hours, _ratio(total_booked, total_hours)]
        )
    weekly = Table(
        key="utilisation",
        caption="Utilisation by ISO week (booked hours ÷ working hours)",
        columns=[
            Column("Week"),
            *(Column(a.display_name, "percent") for a in artists),
            Column("Booked hours (all)", "hours"),
            Column("Working hours (all)", "hours"),
            Column("All" if len(artists) > 1 else "Utilisation", "percent"),
        ],
        rows=weekly_rows,
        chart_columns=(len(artists) + 3,),
        note="Working hours: the weekly hours less time off and the days the clinic is closed. Booked: the time of "
        "appointments not cancelled. Weeks cut by the period count their days inside it.",
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
