"""Day and week calendars, time off with clashes, and the private iCal feed."""

from datetime import date, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from icalendar import Calendar

from bookings.models import Appointment, TimeOff
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clinic.factories import UserFactory
from tests.helpers import LONDON, london

pytestmark = pytest.mark.django_db


@pytest.fixture
def artist_user(consultation, policy):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.ARTIST))
    ArtistFactory(user=user, display_name="Sam", hours={d: [(time(9), time(17))] for d in range(6)})
    return user


@pytest.fixture
def staff_user():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.STAFF))
    return user


def test_week_view_shows_appointments_time_off_and_free_time(frozen, client, artist_user):
    artist = artist_user.artist
    AppointmentFactory(artist=artist, start=london(2026, 12, 1, 10, 0), client__full_name="Robin Lee")
    TimeOff.objects.create(
        artist=artist, start=london(2026, 12, 2, 0, 0), end=london(2026, 12, 3, 0, 0), reason="Training"
    )
    client.force_login(artist_user)
    response = client.get(reverse("bookings:calendar"), {"date": "2026-12-02"})
    html = response.content.decode()
    assert response.context["start"] == date(2026, 11, 30)  # the Monday
    assert "10:00–10:30 · Consultation: Robin Lee" in html
    assert "Training" in html
    assert "09:00–10:00 free" in html and "10:30–17:00 free" in html


def test_week_view_queries_do_not_grow_with_appointments_or_artists(
    frozen, client, staff_user, consultation, policy, django_assert_max_num_queries
):
    client.force_login(staff_user)
    # One appointment to begin with: flag providers ask once for any number of appointments (none for none).
    AppointmentFactory(artist=ArtistFactory(), start=london(2026, 12, 5, 15, 0))
    url = reverse("bookings:calendar")
    with django_assert_max_num_queries(22) as few:
        client.get(url, {"date": "2026-12-01"})
    for n in range(5):
        artist = ArtistFactory()
        for day in range(6):
            AppointmentFactory(artist=artist, start=london(2026, 11, 30, 9 + n, 0) + timedelta(days=day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url, {"date": "2026-12-01"}).content.decode()
    assert html.count("Consultation:") == 31


def test_day_view_and_bad_dates(frozen, client, artist_user):
    client.force_login(artist_user)
    for bad in ("9999-12-31", "0001-01-01", "2026-02-30"):
        assert client.get(reverse("bookings:calendar"), {"date": bad}).status_code == 200
    assert client.get(reverse("bookings:calendar"), {"artist": "²"}).status_code == 200
    assert client.get(reverse("bookings:calendar"), {"view": "day", "date": "2026-12-01"}).context["start"] == date(
        2026, 12, 1
    )
    assert client.get(reverse("bookings:calendar"), {"date": "not-a-date"}).status_code == 200


def test_time_off_lists_clashes_and_keeps_them_booked(frozen, client, artist_user):
    artist = artist_user.artist
    booked = AppointmentFactory(artist=artist, start=london(2026, 12, 1, 10, 0))
    client.force_login(artist_user)
    response = client.post(
        reverse("bookings:time_off_new"),
        {"artist": artist.pk, "start": "2026-12-01T00:00", "end": "2026-12-02T00:00", "reason": "Sick"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("bookings:time_off", args=[TimeOff.objects.get().pk])
    assert "1 appointment falls in it and needs moving" in response.content.decode()
    assert reverse("bookings:appointment", args=[booked.pk]) in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


def test_time_off_validation_and_artists_only_for_themselves(frozen, client, artist_user):
    other = ArtistFactory()
    client.force_login(artist_user)
    bad = client.post(
        reverse("bookings:time_off_new"), {"artist": other.pk, "start": "2026-12-01T10:00", "end": "2026-12-01T09:00"}
    )
    assert bad.status_code == 422
    assert "Select a valid choice" in bad.content.decode()
    assert "must end after it starts" in bad.content.decode()
    assert not TimeOff.objects.exists()


def test_time_in_the_spring_gap_is_refused(frozen, client, artist_user):
    client.force_login(artist_user)
    response = client.post(
        reverse("bookings:time_off_new"),
        {"artist": artist_user.artist.pk, "start": "2027-03-28T01:30", "end": "2027-03-28T05:00"},
    )
    assert response.status_code == 422
    assert "clocks change" in response.content.decode()
    assert not TimeOff.objects.exists()


def test_ical_feed_parses_and_the_secret_can_be_regenerated(frozen, client, artist_user):
    artist = artist_user.artist
    AppointmentFactory(artist=artist, start=london(2026, 12, 1, 10, 0), client__full_name="Robin Lee")
    AppointmentFactory(
        artist=artist, start=london(2026, 12, 2, 10, 0), status="cancelled", cancelled_at=london(2026, 11, 29, 9, 0)
    )
    TimeOff.objects.create(
        artist=artist, start=london(2027, 6, 1, 9, 0), end=london(2027, 6, 1, 17, 0), reason="Dentist"
    )
    url = reverse("bookings:feed", args=[artist.calendar_secret])
    response = client.get(url)  # no login: the secret is the key
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [str(e["SUMMARY"]) for e in events] == ["Free consultation – 30 min: Robin", "Time off: Dentist"]
    assert events[0].decoded("DTSTART") == london(2026, 12, 1, 10, 0)
    assert events[1].decoded("DTSTART").utcoffset() == timedelta(hours=1)  # June: BST
    assert events[1].decoded("DTSTART").astimezone(LONDON).hour == 9

    client.force_login(artist_user)
    assert client.get(reverse("bookings:feed_settings")).status_code == 200
    client.post(reverse("bookings:feed_regenerate"))
    assert client.get(url).status_code == 404
    artist.refresh_from_db()
    assert client.get(reverse("bookings:feed", args=[artist.calendar_secret])).status_code == 200


def test_unknown_feed_secret_is_404(client, db):
    assert client.get("/calendar/nope.ics").status_code == 404
