"""Pure slot arithmetic (no database): what an artist's day offers, given what is already taken.

Everything is in aware datetimes. Working hours are wall-clock times in the clinic's zone and are
turned into instants per date, so a day on which the clocks change simply has an hour more or less
of real time between the same wall-clock limits; the grid then steps in real minutes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime
    end: datetime
    artist_id: int


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime


def grid(*, opens: datetime, closes: datetime, duration: timedelta, step: timedelta) -> list[datetime]:
    """Start instants from `opens`, every `step`, for appointments that end by `closes`."""
    starts = []
    t = opens
    while t + duration <= closes:
        starts.append(t)
        t += step
    return starts


def overlaps(intervals: list[Interval], start: datetime, end: datetime) -> bool:
    """Whether the half-open [start, end) meets any of `intervals`."""
    return any(iv.start < end and iv.end > start for iv in intervals)


def free_slots(
    *,
    artist_id: int,
    working: list[Interval],
    busy: list[Interval],
    off: list[Interval],
    duration: timedelta,
    buffer: timedelta,
    step: timedelta,
    earliest: datetime,
    latest: datetime,
) -> list[Slot]:
    """Grid slots inside working intervals, after `earliest`, starting before `latest`.

    `busy` holds taken time with its buffer already added; a new slot needs its own appointment
    plus buffer clear of it. `off` (time off) only has to be clear of the appointment itself.
    One sweep per working interval: `busy` and `off` may span many days (a picker's strip).
    """
    busy = sorted(busy, key=lambda iv: iv.start)
    off = sorted(off, key=lambda iv: iv.start)
    slots, seen = [], set()
    for interval in working:
        b = o = 0  # intervals before these indexes ended by the current start (starts only grow)
        for start in grid(opens=interval.start, closes=interval.end, duration=duration, step=step):
            if start < earliest or start >= latest or start in seen:
                continue  # (overlapping working intervals would otherwise offer a time twice)
            seen.add(start)
            end = start + duration
            while b < len(busy) and busy[b].end <= start:
                b += 1
            while o < len(off) and off[o].end <= start:
                o += 1
            # busy[b] is the first interval still running at `start`; sorted by start, it is the only
            # one that can meet the slot if any does.
            if (b < len(busy) and busy[b].start < end + buffer) or (o < len(off) and off[o].start < end):
                continue
            slots.append(Slot(start=start, end=end, artist_id=artist_id))
    return slots
