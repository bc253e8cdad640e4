"""Diary health: no-shows and late cancellations, booked hours, lead time and how consultations were booked.

Four queries for any period and any amount of data: the booking policy, the appointments grouped by artist and
ISO week (conditional counts and sums), the median lead time per artist and overall (one query: grouping sets),
and the artists. Consultations are picked by their service's id (a scalar subquery the database runs once), not
by joining the services to every appointment.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Subquery,
    Sum,
    Value,
)

from bookings.models import ACTIVE_STATUSES, Appointment, AppointmentSource, Artist, BookingPolicy, Service
from clinic.clock import clinic_tz, local_instant

from ..period import Period
from .utilisation import week_of

Status = Appointment.Status


def _consultation() -> Q:
    return Q(service_id=Subquery(Service.objects.filter(slug=Service.CONSULTATION).values("pk")[:1]))


# Median days from booking to consultation for each artist and for everyone, consultations kept (not cancelled).
# Only the artist and the days go to the grouping sets' sort (a narrow row), in float (date_part, not
# EXTRACT's slower numeric).
LEAD_SQL = """
SELECT artist_id, GROUPING(artist_id) = 1 AS everyone, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days)
FROM (
    SELECT artist_id, date_part('epoch', start - created_at) / 86400.0 AS days
    FROM bookings_appointment
    WHERE service_id = (SELECT id FROM bookings_service WHERE slug = %(consultation)s)
      AND status <> %(cancelled)s AND start >= %(start)s AND start < %(end)s
      AND (%(artist)s::bigint IS NULL OR artist_id = %(artist)s::bigint)
) kept
GROUP BY GROUPING SETS ((artist_id), ())
"""


def lead_days(period: Period) -> dict[int | None, float | None]:
    """{artist id: median days; None: everyone's} (everyone's is None when no consultation was kept)."""
    params = {
        "consultation": Service.CONSULTATION,
        "cancelled": Status.CANCELLED.value,
        "start": period.start,
        "end": period.end,
        "artist": period.artist_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(LEAD_SQL, params)
        rows = cursor.fetchall()
    found: dict[int | None, float | None] = {None: None}
    for artist_id, everyone, days in rows:
        found[None if everyone else artist_id] = days
    return found


@dataclass
class Tally:
    """Additive counts (per artist and week; summed for an artist, or the clinic)."""

    appointments: int = 0
    due: int = 0  # attended or missed: what a no-show rate is out of
    no_shows: int = 0
    late_cancellations: int = 0
    booked_hours: float = 0.0
    by_source: dict[str, int] = field(default_factory=dict)

    def add(self, other: "Tally") -> None:
        self.appointments += other.appointments
        self.due += other.due
        self.no_shows += other.no_shows
        self.late_cancellations += other.late_cancellations
        self.booked_hours += other.booked_hours
        for source, n in other.by_source.items():
            self.by_source[source] = self.by_source.get(source, 0) + n

    @property
    def no_show_rate(self) -> float | None:
        return self.no_shows / self.due if self.due else None

    @property
    def late_cancellation_rate(self) -> float | None:
        return self.late_cancellations / self.appointments if self.appointments else None


@dataclass
class Diary:
    artists: list[Artist]
    weeks: dict[tuple[int, date], Tally]  # (artist id, Monday)
    lead_days: dict[int | None, float | None]  # artist id (None: everyone) → median days
    notice_hours: int

    def per_artist(self) -> dict[int, Tally]:
        totals = defaultdict(Tally)
        for (artist_id, _), tally in self.weeks.items():
            totals[artist_id].add(tally)
        return totals

    def overall(self) -> Tally:
        total = Tally()
        for tally in self.weeks.values():
            total.add(tally)
        return total


def _appointments(period: Period):
    qs = Appointment.objects.filter(start__gte=period.start, start__lt=period.end)
    return qs.filter(artist=period.artist) if period.artist else qs


def _mondays(period: Period) -> list[date]:
    mondays, monday = [], week_of(period.first)
    while monday <= period.last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def _week_number(mondays: list[date]) -> Func:
    """Which of `mondays`' weeks an appointment starts in (1: the first): a binary search on the weeks' first
    instants (local midnight, so a clock-change week is still Monday to Monday), cheaper per row than converting
    every start to the clinic's time and truncating it."""
    tz = clinic_tz()
    starts = [local_instant(monday, datetime.min.time(), tz) for monday in mondays]
    return Func(
        F("start"),
        Value(starts, output_field=ArrayField(DateTimeField())),
        function="width_bucket",
        output_field=IntegerField(),
    )


def diary(*, period: Period) -> Diary:
    notice = timedelta(hours=BookingPolicy.load().change_notice_hours)
    late = Q(status=Status.CANCELLED, cancelled_at__gt=F("start") - notice)
    length = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    consultation = _consultation()
    sources = {s: Count("pk", filter=consultation & Q(source=s)) for s in AppointmentSource.values}
    mondays = _mondays(period)
    rows = (
        _appointments(period)
        .annotate(week=_week_number(mondays))
        .values("artist_id", "week")
        .annotate(
            appointments=Count("pk"),
            due=Count("pk", filter=Q(status__in=[Status.ATTENDED, Status.NO_SHOW])),
            no_shows=Count("pk", filter=Q(status=Status.NO_SHOW)),
            late_cancellations=Count("pk", filter=late),
            booked=Sum(length, filter=Q(status__in=ACTIVE_STATUSES)),
            **{f"source_{s}": n for s, n in sources.items()},
        )
        .order_by()
    )
    weeks = {
        (row["artist_id"], mondays[row["week"] - 1]): Tally(
            appointments=row["appointments"],
            due=row["due"],
            no_shows=row["no_shows"],
            late_cancellations=row["late_cancellations"],
            booked_hours=row["booked"].total_seconds() / 3600 if row["booked"] else 0.0,
            by_source={s: row[f"source_{s}"] for s in sources},
        )
        for row in rows
    }
    if period.artist:
        artists = [period.artist]
    else:
        artists = list(Artist.objects.filter(Q(is_active=True) | Q(pk__in={a for a, _ in weeks})))
    return Diary(
        artists=artists,
        weeks=weeks,
        lead_days=lead_days(period),
        notice_hours=notice.days * 24 + notice.seconds // 3600,
    )
