"""The date strip + time list shared by the booking and reschedule pages."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clinic.clock import local_today

from ..models import Artist, BookingPolicy, Service
from ..slots import Slot
from .availability import available_slots, offered_slots, per_day_offer

STRIP_DAYS = 14
# Staff book without the online horizon; a year ahead is as far as a clinic's diary sensibly goes.
STAFF_HORIZON_DAYS = 365


@dataclass
class Picker:
    days: list[tuple[date, int]]
    chosen: date | None
    slots: list[Slot]
    artists: list[Artist]
    artist_id: int | None
    window_start: date
    previous_window: date | None
    next_window: date | None
    messages: list[str] = field(default_factory=list)
    # When the clock alone makes these days' counts wrong: the notice reaches the window's first free time.
    stale_at: datetime | None = None

    @property
    def window_end(self) -> date | None:
        return self.days[-1][0] if self.days else None

    @property
    def artist_name(self) -> str:
        """Whose times these are ("" for any artist): the page says it next to the times."""
        return next((a.display_name for a in self.artists if a.pk == self.artist_id), "")


def _parse_date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def build_picker(
    *,
    params,
    service: Service,
    exclude_appointment_id: int | None = None,
    artist_id: int | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    online: bool = True,
) -> Picker:
    """Read `from`, `date` and `artist` from GET params (forgiving: bad values fall back, with a note).

    `first_day`/`last_day` narrow the days offered (a session must keep its gaps to the others).
    `online=False` is the desk's picker: every free time that has not passed (no minimum notice), a
    year ahead instead of the online horizon.
    """
    policy = BookingPolicy.load()
    real_today = local_today()
    today = max(real_today, first_day or real_today)  # the first day that may be offered
    horizon = policy.horizon_days if online else STAFF_HORIZON_DAYS
    last_day = min(real_today + timedelta(days=horizon), last_day or date.max)
    artists = list(Artist.objects.filter(is_active=True).order_by("display_name"))
    notes = []
    if artist_id is None and params.get("artist"):
        artist_id = next((a.pk for a in artists if str(a.pk) == params.get("artist")), None)
        if artist_id is None:
            whom = "isn't taking online bookings" if online else "isn't working with us now"
            notes.append(f"That artist {whom}; showing all artists.")
    chosen = _parse_date(params.get("date"))
    if params.get("date") and chosen is None:
        notes.append("That date isn't valid; showing the next available days.")
    elif chosen and not today <= chosen <= last_day:
        notes.append(f"Please choose a date between {today:%-d %B %Y} and {last_day:%-d %B %Y}.")
        chosen = None
    start = _parse_date(params.get("from")) or chosen or today
    start = min(max(start, today), last_day)
    if chosen and not start <= chosen < start + timedelta(days=STRIP_DAYS):
        start = chosen
    end = min(start + timedelta(days=STRIP_DAYS - 1), last_day)
    if online and exclude_appointment_id is None:  # a new booking: the public picker, the same for every visitor
        per_day = offered_slots(service=service, start_date=start, end_date=end, artist_id=artist_id, policy=policy)
    else:
        by_day = available_slots(
            service=service,
            start_date=start,
            end_date=end,
            artist_id=artist_id,
            policy=policy,
            online=online,
            exclude_appointment_id=exclude_appointment_id,
        )
        per_day = per_day_offer(by_day, artist_id=artist_id)
    if chosen is None:
        chosen = next((day for day, slots in per_day.items() if slots), None)
    firsts = [slots[0].start for slots in per_day.values() if slots]
    notice = timedelta(minutes=policy.min_notice_minutes if online else 0)
    return Picker(
        days=[(day, len(slots)) for day, slots in per_day.items()],
        chosen=chosen,
        slots=per_day.get(chosen, []),
        artists=artists,
        artist_id=artist_id,
        window_start=start,
        previous_window=max(today, start - timedelta(days=STRIP_DAYS)) if start > today else None,
        next_window=end + timedelta(days=1) if end < last_day else None,
        messages=notes,
        stale_at=min(firsts) - notice if firsts else None,
    )
