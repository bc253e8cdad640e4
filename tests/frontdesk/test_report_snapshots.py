"""The report's figures are kept for five minutes (frontdesk/reports/snapshots.py): the page says when they were
added up and offers a refresh; a CSV agrees with the page it came from; an older snapshot, another period or
artist, or another clinic day is added up again; and keeping them never lets anyone but a manager in."""

from datetime import timedelta

import pytest

from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.frontdesk.report_data import consult
from tests.frontdesk.test_report_csv import download, table_rows
from tests.helpers import london, user_with

pytestmark = pytest.mark.django_db
REPORTS = "/staff/reports/"


@pytest.fixture
def sam(client, frozen, consultation, session_services, policy):
    client.force_login(user_with(roles.STAFF, roles.MANAGER))
    return ArtistFactory(display_name="Sam Okafor")


def book(artist, day: int):
    consult(artist=artist, client=ClientFactory(), start=london(2026, 11, day, 10, 0), booked=london(2026, 11, 1, 9, 0))


def booked(client, **params) -> str:
    """The funnel's "Consultation booked" count as the page shows it."""
    page = client.get(REPORTS, params).content.decode()
    return table_rows(page, "funnel")[1][1]


def test_the_page_says_when_its_figures_were_added_up(client, sam):
    page = client.get(REPORTS).content.decode()
    assert "Figures as of 08:00, kept for up to 5 minutes." in page
    assert 'href="?refresh=1">Refresh the figures now</a>' in page


def test_figures_are_kept_for_five_minutes_then_added_up_again(client, sam, frozen):
    book(sam, 2)
    assert booked(client) == "1"
    book(sam, 3)
    frozen.shift(timedelta(minutes=4, seconds=59))
    assert booked(client) == "1"  # the snapshot of 08:00
    frozen.shift(timedelta(seconds=1))
    page = client.get(REPORTS).content.decode()
    assert table_rows(page, "funnel")[1][1] == "2"
    assert "Figures as of 08:05" in page


def test_refresh_adds_them_up_now_and_keeps_that(client, sam):
    book(sam, 2)
    assert booked(client) == "1"
    book(sam, 3)
    assert booked(client, refresh=1) == "2"
    assert booked(client) == "2"


def test_a_csv_agrees_with_the_page_it_came_from(client, sam):
    book(sam, 2)
    page = client.get(REPORTS, {"preset": "this_month"}).content.decode()
    book(sam, 3)
    _, rows = download(client, "funnel", preset="this_month")
    assert rows[1][1] == table_rows(page, "funnel")[1][1] == "1"
    _, rows = download(client, "funnel", preset="this_month", refresh=1)
    assert rows[1][1] == "2"


def test_each_period_artist_and_clinic_day_has_its_own(client, sam, frozen):
    kim = ArtistFactory(display_name="Kim Lee")
    book(sam, 2)
    assert booked(client) == "1"
    book(kim, 3)
    assert booked(client, artist=kim.pk) == "1"  # Kim's figures: not all artists' snapshot
    assert booked(client, preset="last_3_months") == "2"
    assert booked(client) == "1"
    # The same dates asked for a minute after midnight (clinic time): another day's snapshot.
    november = {"first": "2026-11-01", "last": "2026-11-30"}
    frozen.move_to(london(2026, 11, 30, 23, 59), tick=False)
    assert booked(client, **november) == "2"
    book(sam, 4)
    assert booked(client, **november) == "2"
    frozen.move_to(london(2026, 12, 1, 0, 1), tick=False)
    assert booked(client, **november) == "3"


@pytest.mark.parametrize("groups", [(roles.STAFF,), (roles.ARTIST,)])
def test_a_kept_snapshot_lets_no_one_else_in(client, sam, groups):
    book(sam, 2)
    assert booked(client) == "1"
    client.force_login(user_with(*groups))
    assert client.get(REPORTS).status_code == 404
    assert client.get(REPORTS, {"csv": "funnel"}).status_code == 404


def test_without_the_cache_the_figures_are_added_up_each_time(client, sam, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    book(sam, 2)
    assert booked(client) == "1"
    book(sam, 3)
    assert booked(client) == "2"
