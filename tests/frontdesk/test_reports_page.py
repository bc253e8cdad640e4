"""The reports page: managers only (others 404, anonymous to the login), the period form and its presets,
bad dates reported with this month shown, the artist filter, and the nav link."""

from datetime import date

import pytest

from clinic.users import roles
from frontdesk.reports.period import PeriodForm, preset_period
from tests.bookings.factories import ArtistFactory
from tests.helpers import user_with

pytestmark = pytest.mark.django_db
REPORTS = "/staff/reports/"


@pytest.fixture
def manager(client, frozen):
    user = user_with(roles.STAFF, roles.MANAGER)
    client.force_login(user)
    return user


@pytest.mark.parametrize("groups", [(roles.STAFF,), (roles.ARTIST,), (roles.CLIENT,), (roles.MANAGER,)])
def test_only_managers_see_the_reports(client, frozen, groups):
    # A Manager-group login without the Staff group is not staff: it gets the 404 too.
    client.force_login(user_with(*groups))
    assert client.get(REPORTS).status_code == 404
    assert client.get(REPORTS + "?csv=funnel").status_code == 404
    assert 'href="/staff/reports/"' not in client.get("/staff/").content.decode()


def test_anonymous_go_to_the_login(client):
    response = client.get(REPORTS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_manager_sees_this_month_by_default_and_the_nav_link(client, manager):
    response = client.get(REPORTS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 November 2026 to 30 November 2026, all artists" in page
    assert 'href="/staff/reports/"' in page


@pytest.mark.parametrize(
    ("preset", "first", "last"),
    [
        ("this_month", date(2026, 11, 1), date(2026, 11, 30)),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31)),
        ("last_3_months", date(2026, 9, 1), date(2026, 11, 30)),
        ("last_12_months", date(2025, 12, 1), date(2026, 11, 30)),
    ],
)
def test_presets(preset, first, last):
    assert preset_period(preset, today=date(2026, 11, 30)) == (first, last)
    form = PeriodForm({"preset": preset})
    period = form.period(today=date(2026, 11, 30))
    assert (period.first, period.last) == (first, last)


def test_a_preset_over_new_year():
    assert preset_period("last_month", today=date(2027, 1, 15)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_two_dates_and_an_artist(client, manager):
    sam = ArtistFactory(display_name="Sam Okafor")
    page = client.get(REPORTS, {"first": "2026-03-01", "last": "2026-04-15", "artist": sam.pk}).content.decode()
    assert "1 March 2026 to 15 April 2026, Sam Okafor" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"first": "2026-13-01", "last": "2026-12-01"}, "Enter a date as year-month-day"),
        ({"first": "2026-05-01", "last": "2026-04-01"}, "The end date must not be before the start date."),
        ({"first": "2026-05-01"}, "Enter both dates, or choose a period."),
        ({"first": "2020-01-01", "last": "2026-01-01"}, "Choose at most three years."),
        ({"preset": "forever"}, "Select a valid choice."),
    ],
)
def test_bad_dates_say_why_and_show_this_month(client, manager, params, message):
    response = client.get(REPORTS, params)
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert "this shows this month" in page
    assert "1 November 2026 to 30 November 2026" in page


def test_an_unknown_csv_is_a_404(client, manager):
    assert client.get(REPORTS, {"csv": "nonsense"}).status_code == 404


def test_the_kept_form_lists_a_new_or_renamed_artist_at_once(client, manager):
    artist = ArtistFactory(display_name="Ada")
    assert ">Ada</option>" in client.get(REPORTS).content.decode()
    assert ">Ada</option>" in client.get(REPORTS).content.decode()  # kept
    ArtistFactory(display_name="Bea")
    artist.display_name = "Ada Lovelace"
    artist.save()
    page = client.get(REPORTS).content.decode()
    assert ">Bea</option>" in page and ">Ada Lovelace</option>" in page and ">Ada</option>" not in page


def test_the_kept_form_shows_each_query_strings_own_choice_and_errors(client, manager):
    artist = ArtistFactory(display_name="Ada")
    chosen = client.get(REPORTS, {"preset": "last_month", "artist": artist.pk}).content.decode()
    assert f'<option value="{artist.pk}" selected>Ada</option>' in chosen
    assert '<option value="last_month" selected>' in chosen
    bad = client.get(REPORTS, {"preset": "custom", "first": "2026-13-01", "last": "2026-11-01"}).content.decode()
    assert "Enter a date as year-month-day" in bad and 'value="2026-13-01"' in bad
    plain = client.get(REPORTS).content.decode()
    assert "Enter a date as year-month-day" not in plain and f'<option value="{artist.pk}" selected>' not in plain
