"""The calendar's time grid: rows and spans, labels and patterns, past days, other artists, and its queries."""

import time as clock
from datetime import time, timedelta

import pytest
from django.urls import reverse

from bookings.models import Artist, Service, TimeOff
from bookings.selectors import calendar_days
from bookings.selectors.grid import day_grid, week_grids
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory, SessionFactory, TreatmentPlanFactory
from tests.helpers import MONDAY, london, user_with

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + timedelta(days=1)
NINE_TO_FIVE = {d: [(time(9), time(17))] for d in range(7)}


def blocks(grid, kind, column=0):
    return [b for b in grid.columns[column].blocks if b.kind == kind]


def grid_for(artist, day=TUESDAY):
    return day_grid(day=calendar_days(start_date=day, days=1, artists=Artist.objects.filter(pk=artist.pk))[0])


def test_rows_follow_the_real_times(frozen, consultation, policy):
    sam = ArtistFactory(hours={1: [(time(9), time(12, 30)), (time(13, 30), time(17))]})
    AppointmentFactory(artist=sam, start=london(2026, 12, 1, 10, 0), blocked_until=london(2026, 12, 1, 10, 45))
    TimeOff.objects.create(artist=sam, start=london(2026, 12, 1, 14, 0), end=london(2026, 12, 1, 15, 30))
    grid = grid_for(sam)
    assert (grid.first_minute, grid.rows) == (9 * 60, 32)  # 09:00–17:00 in 15-minute rows
    assert grid.hours[0] == (1, "09:00") and grid.hours[-1] == (29, "16:00")
    assert [(b.row, b.span) for b in blocks(grid, "hours")] == [(1, 14), (19, 14)]  # the lunch break is not working
    [visit] = blocks(grid, "appointment")
    assert (visit.row, visit.span, visit.position) == (5, 2, "row-start-5 span-2")
    assert [(b.row, b.span) for b in blocks(grid, "buffer")] == [(7, 1)]
    assert [(b.row, b.span) for b in blocks(grid, "time_off")] == [(21, 6)]
    free = [b.start for b in grid.columns[0].free]
    assert london(2026, 12, 1, 9, 0) in free and london(2026, 12, 1, 10, 45) in free
    assert london(2026, 12, 1, 10, 30) not in free  # the buffer is not free
    assert london(2026, 12, 1, 14, 0) not in free and london(2026, 12, 1, 12, 30) not in free


def test_an_appointment_before_the_hours_widens_the_grid(frozen, consultation, policy):
    sam = ArtistFactory(hours={1: [(time(10), time(16))]})
    AppointmentFactory(artist=sam, start=london(2026, 12, 1, 8, 30))
    grid = grid_for(sam)
    assert grid.first_minute == 8 * 60 and grid.rows == 32
    assert [(b.row, b.span) for b in blocks(grid, "appointment")] == [(3, 2)]


def test_kinds_have_a_label_and_a_pattern(frozen, consultation, policy, session_services):
    sam = ArtistFactory(hours=NINE_TO_FIVE)
    plan = TreatmentPlanFactory(artist=sam, session_count=4, fourth_session_reason="Scarring")
    SessionFactory(plan=plan, session_number=2, start=london(2026, 12, 1, 9, 0), status="booked")
    AppointmentFactory(artist=sam, start=london(2026, 12, 1, 13, 0))
    touch_up = Service.objects.create(slug="patch-test", name="Patch test", duration_minutes=15)
    AppointmentFactory(artist=sam, service=touch_up, start=london(2026, 12, 1, 15, 0))
    shown = [(b.title, b.pattern) for b in blocks(grid_for(sam), "appointment")]
    assert shown == [("Session 2 of 4", "session"), ("Consultation", "consultation"), ("Patch test", "other")]


def test_an_appointment_inside_time_off_is_flagged(frozen, consultation, policy):
    sam = ArtistFactory(hours=NINE_TO_FIVE)
    AppointmentFactory(artist=sam, start=london(2026, 12, 1, 10, 0))
    AppointmentFactory(artist=sam, start=london(2026, 12, 1, 12, 0))
    TimeOff.objects.create(artist=sam, start=london(2026, 12, 1, 11, 0), end=london(2026, 12, 1, 13, 0))
    grid = grid_for(sam)
    assert [b.clash for b in blocks(grid, "appointment")] == [False, True]
    assert [b.clash for b in blocks(grid, "time_off")] == [True]


def test_a_past_day_shows_outcomes_not_not_working(frozen, client, consultation, policy):
    staff = user_with(roles.STAFF)
    sam = ArtistFactory(display_name="Sam", hours=NINE_TO_FIVE)
    AppointmentFactory(
        artist=sam, start=london(2026, 11, 24, 10, 0), client__full_name="Ann Attended", status="attended"
    )
    AppointmentFactory(artist=sam, start=london(2026, 11, 24, 11, 0), client__full_name="Nora Noshow", status="no_show")
    SessionFactory(plan__artist=sam, plan__client__full_name="Sol Session", start=london(2026, 11, 24, 13, 0))
    client.force_login(staff)
    html = client.get(reverse("bookings:calendar"), {"view": "day", "date": "2026-11-24"}).content.decode()
    assert "Consultation: Ann Attended (Attended)" in html
    assert "Consultation: Nora Noshow (No-show)" in html
    assert "Session 1 of 3: Sol Session (Completed)" in html
    assert "cal-off-day" not in html  # no "Not working" on the day they worked
    assert 'draggable="true"' not in html and 'class="cal-move"' not in html  # what happened is not moved
    assert "cal-free" not in html  # nor booked into


def test_now_is_marked_in_todays_column_only(frozen, consultation, policy):
    frozen.move_to(london(2026, 12, 1, 10, 20))
    sam = ArtistFactory(hours=NINE_TO_FIVE)
    [grid] = week_grids(days=calendar_days(start_date=MONDAY, days=7, artists=Artist.objects.filter(pk=sam.pk)))
    marked = [(c.day, c.now_row, c.now_offset) for c in grid.columns if c.now_row]
    assert marked == [(TUESDAY, 6, 5)]  # 10:15 is row 6, and 10:20 five minutes into it
    assert [c.is_past for c in grid.columns[:2]] == [True, False]


def test_an_artist_opening_another_artists_calendar_is_told(frozen, client, consultation, policy):
    me = ArtistFactory(display_name="Sam", user=user_with(roles.ARTIST), hours=NINE_TO_FIVE)
    other = ArtistFactory(display_name="Priya", hours=NINE_TO_FIVE)
    AppointmentFactory(artist=other, start=london(2026, 12, 1, 10, 0), client__full_name="Not Yours")
    client.force_login(me.user)
    response = client.get(reverse("bookings:calendar"), {"artist": other.pk, "date": "2026-12-01"})
    html = response.content.decode()
    assert "Artists can open only their own calendar, so yours is shown." in html
    assert "Not Yours" not in html and "Priya" not in html
    assert [g.artist for g in response.context["grids"]] == [me]


def test_staff_asking_for_an_unknown_artist_see_everyone_and_why(frozen, client, consultation, policy):
    client.force_login(user_with(roles.STAFF))
    ArtistFactory(display_name="Sam")
    html = client.get(reverse("bookings:calendar"), {"artist": "999999", "view": "day"}).content.decode()
    assert "There is no artist with that number in the calendar, so everyone is shown." in html
    assert "Sam" in html


@pytest.mark.parametrize("view", ["day", "week"])
def test_queries_stay_constant_with_fifty_artists(
    frozen, client, consultation, policy, session_services, view, django_assert_max_num_queries
):
    client.force_login(user_with(roles.STAFF))
    url, query = reverse("bookings:calendar"), {"view": view, "date": "2026-12-01"}

    def add_artist(n: int) -> None:
        artist = ArtistFactory(hours=NINE_TO_FIVE)
        AppointmentFactory(artist=artist, start=london(2026, 12, 1, 9 + n % 8, 0))
        SessionFactory(plan__artist=artist, start=london(2026, 12, 2, 13, 0), status="booked")
        TimeOff.objects.create(artist=artist, start=london(2026, 12, 3, 9, 0), end=london(2026, 12, 3, 12, 0))

    add_artist(0)  # one of each (flag providers ask once for any number of appointments, none for none)
    with django_assert_max_num_queries(24) as few:
        client.get(url, query)
    for n in range(1, 50):
        add_artist(n)
    started = clock.perf_counter()
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get(url, query).content.decode()
    took = clock.perf_counter() - started
    print(f"{view} grid, 50 artists: {len(many.captured_queries)} queries, {took * 1000:.0f} ms")
    assert html.count("· Consultation:") == 50
    assert html.count("· Session 1 of 3:") == (50 if view == "week" else 0)
