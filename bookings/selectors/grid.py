"""The calendar as a time grid: `calendar_days` laid out in 15-minute rows, ready for the template.

Positions are grid rows (1 = the first step shown) and spans, so the template only writes classes
(`row-start-N span-M`, from the generated grid stylesheet): the CSP allows no style attributes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from clinic.clock import clinic_tz, local_instant

from ..models import Appointment, Artist, Service, TimeOff
from .calendar import CalendarDay, CalendarItem

STEP = 15  # minutes per row
DAY_MINUTES = 24 * 60
DEFAULT_HOURS = (9 * 60, 17 * 60)  # shown when nobody works and nothing is booked


@dataclass(frozen=True)
class Block:
    kind: str  # hours, past, time_off, buffer, freerun (a free interval), appointment; free (one bookable step)
    row: int
    span: int
    start: datetime
    end: datetime
    label: str = ""
    title: str = ""  # appointments: 'Consultation', 'Session 2 of 3', or the service's name
    appointment: Appointment | None = None
    time_off: TimeOff | None = None
    pattern: str = ""  # consultation, session, other (appointments): label and pattern, never colour alone
    clash: bool = False  # an appointment inside time off, or time off with one inside it

    @property
    def position(self) -> str:
        return f"row-start-{self.row} span-{self.span}"


@dataclass
class Column:
    artist: Artist
    day: date
    blocks: list[Block] = field(default_factory=list)
    free: list[Block] = field(default_factory=list)  # the bookable 15-minute steps, apart: there are thousands
    working: bool = False
    is_past: bool = False
    now_row: int | None = None  # the row holding the current time, and the minutes into it
    now_offset: int = 0


@dataclass
class Grid:
    artist: Artist | None  # the week view: one artist, days across; the day view: None, artists across
    columns: list[Column]
    first_minute: int  # local minutes after midnight of row 1
    rows: int
    hours: list[tuple[int, str]]  # (row, "09:00") for the time gutter


def day_grid(*, day: CalendarDay) -> Grid:
    """Hours down, the day's artists across."""
    return _grid(artist=None, cells=[(artist, day.day, items) for artist, items in day.columns])


def week_grids(*, days: list[CalendarDay]) -> list[Grid]:
    """One grid per artist, the week's days across (one grid when an artist is chosen)."""
    if not days:
        return []
    grids = []
    for index, (artist, _) in enumerate(days[0].columns):
        grids.append(_grid(artist=artist, cells=[(artist, d.day, d.columns[index][1]) for d in days]))
    return grids


def _minutes(moment: datetime, day: date, tz) -> int:
    """Local minutes after the day's midnight, clamped to the day."""
    local = moment.astimezone(tz)
    if local.date() < day:
        return 0
    if local.date() > day:
        return DAY_MINUTES
    return local.hour * 60 + local.minute


def _hours_of(artist: Artist, day: date, tz) -> list[tuple[datetime, datetime]]:
    return [
        (local_instant(day, h.start_time, tz), local_instant(day, h.end_time, tz))
        for h in artist.working_hours.all()
        if h.weekday == day.weekday()
    ]


def _grid(*, artist: Artist | None, cells: list[tuple[Artist, date, list[CalendarItem]]]) -> Grid:
    tz = clinic_tz()
    now = timezone.now()
    spans = []  # every (start, end) minute pair shown, to choose the hours the grid covers
    for who, day, items in cells:
        spans += [(_minutes(s, day, tz), _minutes(e, day, tz)) for s, e in _hours_of(who, day, tz)]
        spans += [(_minutes(i.start, day, tz), _minutes(i.end, day, tz)) for i in items if i.kind == "appointment"]
    first = min((s for s, _ in spans), default=DEFAULT_HOURS[0]) // 60 * 60
    last = min(DAY_MINUTES, -(-max((e for _, e in spans), default=DEFAULT_HOURS[1]) // 60) * 60)
    rows = max(1, (last - first) // STEP)
    grid = Grid(artist=artist, columns=[], first_minute=first, rows=rows, hours=[])
    grid.hours = [(1 + (m - first) // STEP, f"{m // 60:02d}:00") for m in range(first, last, 60)]
    for who, day, items in cells:
        grid.columns.append(_column(grid, who, day, items, tz=tz, now=now))
    return grid


def _place(grid: Grid, day: date, start: datetime, end: datetime, tz) -> tuple[int, int] | None:
    """(row, span) of an interval, rounded out to whole steps; None when outside the grid's hours."""
    top = max(0, (_minutes(start, day, tz) - grid.first_minute) // STEP)
    bottom = min(grid.rows, -(-(_minutes(end, day, tz) - grid.first_minute) // STEP))
    return (top + 1, bottom - top) if bottom > top else None


def _column(grid: Grid, artist: Artist, day: date, items: list[CalendarItem], *, tz, now: datetime) -> Column:
    column = Column(artist=artist, day=day)
    hours = _hours_of(artist, day, tz)
    column.working = bool(hours)
    day_start = local_instant(day, datetime.min.time(), tz)
    day_end = local_instant(day + timedelta(days=1), datetime.min.time(), tz)
    column.is_past = day_end <= now
    blocks = column.blocks

    def add(kind: str, start: datetime, end: datetime, **extra) -> None:
        if place := _place(grid, day, start, end, tz):
            blocks.append(Block(kind, *place, start=start, end=end, **extra))

    for opens, closes in hours:
        add("hours", opens, closes)
    if day_start < now < day_end:
        add("past", day_start, now)
        minutes = _minutes(now, day, tz) - grid.first_minute
        if 0 <= minutes < grid.rows * STEP:
            column.now_row, column.now_offset = 1 + minutes // STEP, minutes % STEP
    offs = [i for i in items if i.kind == "time_off"]
    booked = [i for i in items if i.kind == "appointment" and i.appointment.status == Appointment.Status.BOOKED]
    for item in offs:
        clash = any(a.start < item.end and a.end > item.start for a in booked)
        add("time_off", item.start, item.end, label=item.label, time_off=item.time_off, clash=clash)
    for item in items:
        if item.kind == "free":
            add("freerun", item.start, item.end, label="free")
            for start in _steps(item.start, item.end, day, tz):
                row = 1 + (_minutes(start, day, tz) - grid.first_minute) // STEP
                column.free.append(Block("free", row, 1, start=start, end=start + timedelta(minutes=STEP)))
        elif item.kind == "appointment":
            a = item.appointment
            if a.blocked_until > a.end:
                add("buffer", a.end, min(a.blocked_until, day_end), label="Buffer")
            clash = a.status == Appointment.Status.BOOKED and any(o.start < a.end and o.end > a.start for o in offs)
            add(
                "appointment",
                item.start,
                item.end,
                label=item.label,
                title=_title(a),
                appointment=a,
                pattern=_pattern(a),
                clash=clash,
            )
    return column


def _steps(start: datetime, end: datetime, day: date, tz) -> list[datetime]:
    """The 15-minute starts inside a free interval (a free time that begins off the grid rounds up)."""
    offset = _minutes(start, day, tz) % STEP
    first = start.replace(second=0, microsecond=0) + timedelta(minutes=(STEP - offset) % STEP)
    if (start.second or start.microsecond) and not offset:
        first += timedelta(minutes=STEP)
    count = max(0, int((end - first) / timedelta(minutes=STEP)))
    return [first + timedelta(minutes=STEP * n) for n in range(count)]


def _pattern(appointment: Appointment) -> str:
    if appointment.plan_id:
        return "session"
    return "consultation" if appointment.service.slug == Service.CONSULTATION else "other"


def _title(appointment: Appointment) -> str:
    if appointment.plan_id:
        return appointment.what
    return "Consultation" if appointment.service.slug == Service.CONSULTATION else appointment.service.name
