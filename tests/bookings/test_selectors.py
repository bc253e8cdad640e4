"""Availability from the database: rules, time off, DST days, and a constant number of queries."""

from datetime import date, time, timedelta

import pytest

from bookings.models import Appointment, BookingPolicy, TimeOff
from bookings.selectors import available_slots, nearest_free_slots, offered_slots, slots_on
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import LONDON, MONDAY, london

pytestmark = pytest.mark.django_db


def hhmm(slots) -> list[str]:
    return [s.start.astimezone(LONDON).strftime("%H:%M") for s in slots]


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(hours={d: [(time(9), time(12)), (time(13), time(17))] for d in range(7)})


def test_working_hours_with_a_lunch_break(frozen, artist, consultation):
    labels = hhmm(slots_on(service=consultation, day=MONDAY + timedelta(days=1)))
    assert labels[0] == "09:00"
    assert "11:30" in labels and "11:45" not in labels  # 11:45 would run past 12:00
    assert not any("12:00" <= t < "13:00" for t in labels)
    assert "13:00" in labels and labels[-1] == "16:30"


def test_min_notice_hides_the_next_two_hours(frozen, artist, consultation):
    # Frozen at 08:00 on MONDAY; 2 h notice.
    assert hhmm(slots_on(service=consultation, day=MONDAY))[0] == "10:00"


def test_past_days_have_no_slots(frozen, artist, consultation):
    assert slots_on(service=consultation, day=MONDAY - timedelta(days=1)) == []


def test_horizon_is_the_last_bookable_day(frozen, artist, consultation, policy):
    assert slots_on(service=consultation, day=MONDAY + timedelta(days=policy.horizon_days))
    assert slots_on(service=consultation, day=MONDAY + timedelta(days=policy.horizon_days + 1)) == []


def test_existing_booking_and_both_buffers_block(frozen, artist, consultation):
    day = MONDAY + timedelta(days=1)
    AppointmentFactory(
        artist=artist, start=london(2026, 12, 1, 10, 0), blocked_until=london(2026, 12, 1, 10, 45)
    )  # 30 min + the 15 min service buffer
    labels = hhmm(slots_on(service=consultation, day=day))
    assert "09:15" in labels and "09:30" not in labels  # 09:30 + 30 + 15 buffer would reach 10:15
    assert "10:30" not in labels and "10:45" in labels


def test_cancelled_bookings_free_their_time(frozen, artist, consultation):
    AppointmentFactory(artist=artist, start=london(2026, 12, 1, 10, 0), status=Appointment.Status.CANCELLED)
    assert "10:00" in hhmm(slots_on(service=consultation, day=date(2026, 12, 1)))


def test_time_off_blocks_whole_days_and_parts_of_days(frozen, artist, consultation):
    TimeOff.objects.create(artist=artist, start=london(2026, 12, 2, 0, 0), end=london(2026, 12, 3, 0, 0))
    TimeOff.objects.create(artist=artist, start=london(2026, 12, 3, 14, 0), end=london(2026, 12, 3, 15, 0))
    assert slots_on(service=consultation, day=date(2026, 12, 2)) == []
    labels = hhmm(slots_on(service=consultation, day=date(2026, 12, 3)))
    assert "13:30" in labels and "13:45" not in labels and "15:00" in labels


def test_inactive_artists_and_artist_filter(frozen, artist, consultation):
    other = ArtistFactory(hours={1: [(time(18), time(19))]})
    day = date(2026, 12, 1)
    assert {s.artist_id for s in slots_on(service=consultation, day=day)} == {artist.pk, other.pk}
    assert {s.artist_id for s in slots_on(service=consultation, day=day, artist_id=other.pk)} == {other.pk}
    other.is_active = False
    other.save()
    assert {s.artist_id for s in slots_on(service=consultation, day=day)} == {artist.pk}


@pytest.mark.parametrize(
    ("day", "first_utc_hour"),
    [(date(2026, 3, 29), 8), (date(2026, 3, 28), 9), (date(2026, 10, 25), 9), (date(2026, 10, 24), 8)],
)
def test_clock_change_days_open_at_nine_local(time_machine, consultation, policy, day, first_utc_hour):
    time_machine.move_to(london(day.year, day.month, day.day - 3, 8, 0), tick=False)
    ArtistFactory(hours={d: [(time(9), time(17))] for d in range(7)})
    slots = slots_on(service=consultation, day=day)
    assert len(slots) == 31
    assert slots[0].start.hour == first_utc_hour
    assert hhmm(slots)[0] == "09:00"


def test_days_strip_counts_free_times(frozen, artist, consultation):
    """The public picker's strip: every day of the window, with its free start times."""
    end = MONDAY + timedelta(days=2)
    per_day = offered_slots(
        service=consultation, start_date=MONDAY, end_date=end, artist_id=None, policy=BookingPolicy.load()
    )
    assert list(per_day) == [MONDAY, MONDAY + timedelta(days=1), end]
    assert len(per_day[MONDAY + timedelta(days=1)]) == 26  # 09:00–11:30 (11) + 13:00–16:30 (15)


def test_nearest_free_slots_surround_the_wanted_time(frozen, artist, consultation):
    wanted = london(2026, 12, 1, 10, 0)
    AppointmentFactory(artist=artist, start=wanted, blocked_until=wanted + timedelta(minutes=45))
    nearest = hhmm(nearest_free_slots(service=consultation, around=wanted, limit=4))
    assert nearest == ["09:00", "09:15", "10:45", "11:00"]


def _fill(artist, consultation, *, count: int, first_day: date):
    """`count` consultations, 8 a day, every other half hour from 09:00, starting on first_day."""
    client = ClientFactory()
    rows = []
    for i in range(count):
        day, n = first_day + timedelta(days=i // 8), i % 8
        start = london(day.year, day.month, day.day, 9, 0) + timedelta(minutes=60 * n)
        rows.append(
            Appointment(
                artist=artist,
                service=consultation,
                client=client,
                start=start,
                end=start + timedelta(minutes=30),
                blocked_until=start + timedelta(minutes=45),
            )
        )
    Appointment.objects.bulk_create(rows)


def test_query_count_does_not_grow_with_days_or_bookings(
    frozen, artist, consultation, policy, django_assert_num_queries
):
    with django_assert_num_queries(5):
        one_day = available_slots(service=consultation, start_date=MONDAY, end_date=MONDAY, policy=policy)
    _fill(artist, consultation, count=400, first_day=MONDAY - timedelta(days=60))
    _fill(artist, consultation, count=80, first_day=MONDAY + timedelta(days=1))
    with django_assert_num_queries(5):
        many = available_slots(
            service=consultation, start_date=MONDAY, end_date=MONDAY + timedelta(days=30), policy=policy
        )
    assert len(many) == 31
    assert one_day[MONDAY] == many[MONDAY]
    assert many[MONDAY + timedelta(days=1)] == []  # hourly bookings + 15 min buffers leave no 45 min gap
