"""Pure slot arithmetic, including the two days a year the clocks change in London."""

import itertools
from datetime import UTC, date, time, timedelta

from bookings.slots import Interval, free_slots
from clinic.clock import local_instant
from tests.helpers import LONDON, london, utc

MIN = timedelta(minutes=1)


def slots_for(day: date, opens: time, closes: time, *, busy=(), off=(), buffer=0, duration=30, step=15):
    working = [Interval(local_instant(day, opens, LONDON), local_instant(day, closes, LONDON))]
    return free_slots(
        artist_id=1,
        working=working,
        busy=list(busy),
        off=list(off),
        duration=timedelta(minutes=duration),
        buffer=buffer * MIN,
        step=step * MIN,
        earliest=utc(2000, 1, 1),
        latest=utc(2100, 1, 1),
    )


def local_labels(slots) -> list[str]:
    return [s.start.astimezone(LONDON).strftime("%H:%M%z") for s in slots]


def test_a_plain_day_has_every_quarter_hour_that_fits():
    slots = slots_for(date(2026, 12, 1), time(9), time(17))
    assert len(slots) == 31  # 09:00 … 16:30
    assert local_labels(slots)[0] == "09:00+0000"
    assert local_labels(slots)[-1] == "16:30+0000"


def test_local_instant_is_utc_and_respects_summer_time():
    assert local_instant(date(2026, 7, 1), time(9), LONDON) == utc(2026, 7, 1, 8)
    assert local_instant(date(2026, 12, 1), time(9), LONDON) == utc(2026, 12, 1, 9)
    assert local_instant(date(2026, 7, 1), time(9), LONDON).tzinfo is UTC


def test_spring_forward_day_keeps_business_hours_in_local_time():
    # 29 March 2026: 01:00 GMT becomes 02:00 BST. Opening hours are wall-clock, so 09:00 is 08:00 UTC.
    before, change, after = (slots_for(date(2026, 3, d), time(9), time(17)) for d in (28, 29, 30))
    assert len(before) == len(change) == len(after) == 31
    assert change[0].start == utc(2026, 3, 29, 8)
    assert before[0].start == utc(2026, 3, 28, 9)
    assert local_labels(change) == local_labels(after)  # both in BST: 09:00+0100 … 16:30+0100


def test_spring_forward_night_skips_the_missing_hour_without_losing_or_doubling_slots():
    slots = slots_for(date(2026, 3, 29), time(0), time(4))
    starts = [s.start for s in slots]
    # 00:00 GMT to 04:00 BST is three real hours: (180 - 30) / 15 + 1 starts.
    assert len(starts) == 11
    assert len(set(starts)) == len(starts)
    assert all(b - a == 15 * MIN for a, b in itertools.pairwise(starts))
    labels = local_labels(slots)
    assert labels[:5] == ["00:00+0000", "00:15+0000", "00:30+0000", "00:45+0000", "02:00+0100"]
    assert not any(label.startswith("01:") for label in labels)


def test_fall_back_night_offers_the_repeated_hour_twice_as_distinct_instants():
    # 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:00–02:00 happens twice.
    slots = slots_for(date(2026, 10, 25), time(0), time(4))
    starts = [s.start for s in slots]
    assert len(starts) == 19  # five real hours
    assert len(set(starts)) == len(starts)
    assert all(b - a == 15 * MIN for a, b in itertools.pairwise(starts))
    labels = local_labels(slots)
    assert "01:15+0100" in labels and "01:15+0000" in labels


def test_fall_back_day_keeps_business_hours_in_local_time():
    before, change, after = (slots_for(date(2026, 10, d), time(9), time(17)) for d in (24, 25, 26))
    assert len(before) == len(change) == len(after) == 31
    assert before[0].start == utc(2026, 10, 24, 8)  # BST
    assert change[0].start == utc(2026, 10, 25, 9)  # GMT again
    assert local_labels(change)[0] == "09:00+0000"


def test_busy_time_blocks_including_the_new_appointments_buffer():
    day = date(2026, 12, 1)
    taken = Interval(london(2026, 12, 1, 10, 0), london(2026, 12, 1, 10, 45))  # 30 min + 15 min buffer
    slots = slots_for(day, time(9), time(12), busy=[taken], buffer=15)
    labels = [s.start.astimezone(LONDON).strftime("%H:%M") for s in slots]
    # 09:30 would run to 10:00 plus its own 15 min buffer, into the booked 10:00.
    assert "09:15" in labels and "09:30" not in labels
    assert "10:30" not in labels and "10:45" in labels


def test_time_off_blocks_only_the_appointment_itself():
    off = Interval(london(2026, 12, 1, 12, 0), london(2026, 12, 1, 14, 0))
    slots = slots_for(date(2026, 12, 1), time(9), time(17), off=[off], buffer=15)
    labels = [s.start.astimezone(LONDON).strftime("%H:%M") for s in slots]
    assert "11:30" in labels and "11:45" not in labels
    assert "13:45" not in labels and "14:00" in labels


def test_an_appointment_that_does_not_fit_before_closing_is_not_offered():
    slots = slots_for(date(2026, 12, 1), time(9), time(10), duration=45)
    assert local_labels(slots) == ["09:00+0000", "09:15+0000"]


def test_the_sweep_agrees_with_checking_every_interval():
    """free_slots sweeps sorted intervals; overlapping, unsorted and nested ones must give what a full check gives."""
    import random

    from bookings.slots import overlaps

    rng = random.Random(7)
    day = date(2026, 12, 1)
    base = local_instant(day, time(8), LONDON)
    for _ in range(300):

        def intervals(n):
            found = []
            for _ in range(n):
                start = base + rng.randrange(0, 11 * 60, 5) * MIN
                found.append(Interval(start, start + rng.randrange(5, 240, 5) * MIN))
            return found

        busy, off = intervals(rng.randrange(0, 6)), intervals(rng.randrange(0, 4))
        buffer = rng.choice([0, 15])
        got = slots_for(day, time(9), time(17), busy=busy, off=off, buffer=buffer)
        expected = [
            s
            for s in slots_for(day, time(9), time(17))
            if not overlaps(busy, s.start, s.end + buffer * MIN) and not overlaps(off, s.start, s.end)
        ]
        assert got == expected


def test_overlapping_working_intervals_do_not_double_slots():
    working = [
        Interval(utc(2026, 12, 1, 9), utc(2026, 12, 1, 11)),
        Interval(utc(2026, 12, 1, 10), utc(2026, 12, 1, 12)),
    ]
    slots = free_slots(
        artist_id=1,
        working=working,
        busy=[],
        off=[],
        duration=timedelta(minutes=30),
        buffer=timedelta(0),
        step=timedelta(minutes=15),
        earliest=utc(2026, 1, 1),
        latest=utc(2027, 1, 1),
    )
    starts = [s.start for s in slots]
    assert len(starts) == len(set(starts)) == 11  # 09:00 … 11:30
