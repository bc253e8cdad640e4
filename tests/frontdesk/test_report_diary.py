"""Diary health against a hand-built fortnight around the October clock change: no-show and late-cancellation
rates per artist and overall, utilisation per ISO week (hours less time off and a closed day; a night interval
across the change counts the 5 hours really worked), lead time, and how consultations were booked."""

from datetime import date, time, timedelta

import pytest

from bookings.models import ClinicClosure, TimeOff
from frontdesk.reports.period import Period
from frontdesk.reports.selectors.diary import diary
from frontdesk.reports.selectors.utilisation import working_hours
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.frontdesk.report_data import consult
from tests.helpers import london

pytestmark = pytest.mark.django_db
FORTNIGHT = Period(first=date(2026, 10, 19), last=date(2026, 11, 1))  # clocks go back on Sunday 25 October
WEEK1, WEEK2 = date(2026, 10, 19), date(2026, 10, 26)


@pytest.fixture
def diary_data(frozen, consultation, policy):  # policy: 24 hours' notice to cancel
    sam = ArtistFactory(
        display_name="Sam Okafor", hours={**{d: [(time(9), time(17))] for d in range(5)}, 6: [(time(0), time(4))]}
    )
    priya = ArtistFactory(display_name="Priya Shah", hours={d: [(time(10), time(16))] for d in range(6)})
    TimeOff.objects.create(artist=priya, start=london(2026, 10, 21, 10, 0), end=london(2026, 10, 21, 13, 0))
    ClinicClosure.objects.create(first_day=date(2026, 10, 30), reason="Staff training")

    def at(artist, start, hours, booked, status="attended", source="online", **fields):
        return consult(
            artist=artist, client=ClientFactory(), start=start, end=start + timedelta(hours=hours),
            booked=booked, status=status, source=source, blocked_until=start + timedelta(hours=hours), **fields
        )  # fmt: skip

    at(sam, london(2026, 10, 19, 10, 0), 3, london(2026, 10, 1, 10, 0), source="staff")
    at(sam, london(2026, 10, 20, 10, 0), 0.5, london(2026, 10, 10, 10, 0), status="no_show")
    # 22 hours' notice: late; four days': not.
    at(sam, london(2026, 10, 21, 10, 0), 0.5, london(2026, 10, 1, 10, 0), status="cancelled",
       cancelled_at=london(2026, 10, 20, 12, 0))  # fmt: skip
    at(sam, london(2026, 10, 22, 10, 0), 0.5, london(2026, 10, 1, 10, 0), status="cancelled", source="api",
       cancelled_at=london(2026, 10, 18, 10, 0))  # fmt: skip
    at(sam, london(2026, 10, 26, 9, 0), 3, london(2026, 10, 20, 10, 0), source="staff")
    at(sam, london(2026, 10, 27, 9, 0), 2, london(2026, 10, 20, 10, 0), status="booked", source="staff")
    at(priya, london(2026, 10, 22, 10, 0), 3, london(2026, 10, 12, 10, 0))
    at(priya, london(2026, 10, 31, 10, 0), 1, london(2026, 10, 30, 10, 0), status="no_show", source="staff")
    at(priya, london(2026, 11, 2, 10, 0), 1, london(2026, 10, 30, 10, 0))  # after the period
    return sam, priya


def test_no_show_and_late_cancellation_rates(diary_data):
    sam, priya = diary_data
    figures = diary(period=FORTNIGHT)
    by_artist, overall = figures.per_artist(), figures.overall()
    assert (by_artist[sam.pk].appointments, by_artist[sam.pk].due, by_artist[sam.pk].no_shows) == (6, 3, 1)
    assert by_artist[sam.pk].no_show_rate == pytest.approx(1 / 3)
    assert by_artist[sam.pk].late_cancellation_rate == pytest.approx(1 / 6)
    assert (by_artist[priya.pk].no_show_rate, by_artist[priya.pk].late_cancellation_rate) == (0.5, 0.0)
    assert (overall.no_show_rate, overall.late_cancellation_rate) == (0.4, 0.125)
    assert figures.notice_hours == 24


def test_lead_time_and_sources(diary_data):
    sam, priya = diary_data
    figures = diary(period=FORTNIGHT)
    # Not cancelled: Sam 18, 10, 6, 7 days (the last two across the clock change, in real days); Priya 10, 1.
    assert figures.lead_days == {sam.pk: 8.5, priya.pk: 5.5, None: 8.5}
    assert figures.overall().by_source == {"online": 3, "api": 1, "staff": 4}


def test_utilisation_by_iso_week(diary_data):
    sam, priya = diary_data
    figures = diary(period=FORTNIGHT)
    assert figures.weeks[(sam.pk, WEEK1)].booked_hours == 3.5  # cancelled ones free their time
    assert figures.weeks[(sam.pk, WEEK2)].booked_hours == 5.0
    hours = working_hours(period=FORTNIGHT, artist_ids=[sam.pk, priya.pk])
    # Sam: 5 × 8 h, and Sunday 00:00–04:00 on the day the clocks go back is 5 hours; then 4 × 8 (Friday closed) + 4.
    assert hours[(sam.pk, WEEK1)] == 45 and hours[(sam.pk, WEEK2)] == 36
    # Priya: 6 × 6 h less 3 h off; then 5 × 6 (Friday closed).
    assert hours[(priya.pk, WEEK1)] == 33 and hours[(priya.pk, WEEK2)] == 30


def test_spring_forward_night_is_three_hours(frozen):
    sam = ArtistFactory(hours={6: [(time(0), time(4))]})
    hours = working_hours(period=Period(first=date(2026, 3, 29), last=date(2026, 3, 29)), artist_ids=[sam.pk])
    assert hours == {(sam.pk, date(2026, 3, 23)): 3}


def test_the_artist_filter(diary_data):
    _, priya = diary_data
    figures = diary(period=Period(first=FORTNIGHT.first, last=FORTNIGHT.last, artist=priya))
    assert figures.artists == [priya] and set(figures.per_artist()) == {priya.pk}
    assert figures.lead_days[None] == 5.5


def test_the_page_shows_the_weeks(client, diary_data):
    from clinic.users import roles
    from tests.helpers import user_with

    client.force_login(user_with(roles.STAFF, roles.MANAGER))
    page = client.get("/staff/reports/", {"first": "2026-10-19", "last": "2026-11-01"}).content.decode()
    weekly = page.split('id="table-utilisation"')[1].split("</table>")[0]
    assert "Week of 19 Oct 2026" in weekly and "Week of 26 Oct 2026" in weekly
    assert "8.3%" in weekly and "9.1%" in weekly  # 6.5 of 78 hours, 6 of 66
    rates = page.split('id="table-diary"')[1].split("</table>")[0]
    assert "All artists" in rates and "40.0%" in rates and "12.5%" in rates
    # Utilisation over the fortnight: Sam 8.5 of 81 hours, Priya 4 of 63, everyone 12.5 of 144.
    sam_row, priya_row = rates.split("Sam Okafor")[1].split("</tr>")[0], rates.split("Priya Shah")[1].split("</tr>")[0]
    assert "10.5%" in sam_row and "6.3%" in priya_row and "8.7%" in rates.split("All artists")[1]
