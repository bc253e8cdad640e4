"""Reception books a consultation through the public page's picker, with the desk's times."""

from datetime import time

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Appointment
from bookings.services import book_consultation
from clients.services import ClientDetails
from outbox.models import Reminder
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(db):
    return ClientFactory(full_name="Pat Rowe", email="pat@example.com", phone="+447911123456")


@pytest.fixture
def url(record):
    return reverse("bookings:book_for_client", args=[record.pk])


def slot_value(*parts) -> str:
    return f'value="{london(*parts).isoformat()}"'


def test_the_desk_lists_times_inside_the_online_notice_but_never_the_past(client, staff, frozen, artist, url):
    html = client.get(url).content.decode()
    assert 'class="day-strip"' in html and "Times on Monday 30 November (any artist)" in html
    assert slot_value(2026, 11, 30, 9, 0) in html  # in an hour: too soon online, fine by phone
    assert slot_value(2026, 11, 30, 8, 0) not in html  # now: passed
    public = client.get(reverse("bookings:book")).content.decode()
    assert slot_value(2026, 11, 30, 9, 0) not in public and slot_value(2026, 11, 30, 10, 0) in public
    assert "call us on" not in html.split('id="times"')[1]  # the desk is who they would call


def test_the_desk_books_beyond_the_online_horizon(client, staff, frozen, artist, url, record):
    far = "2027-02-15"  # 77 days ahead; online bookings stop at 60
    public = client.get(reverse("bookings:book"), {"date": far}).content.decode()
    assert "Please choose a date between" in public
    html = client.get(url, {"date": far}).content.decode()
    assert "Times on Monday 15 February" in html and slot_value(2027, 2, 15, 9, 0) in html
    booked = client.post(url, {"slot": london(2027, 2, 15, 9, 0).isoformat(), "artist": "", "date": far})
    assert booked.status_code == 302
    assert record.appointments.get().start == london(2027, 2, 15, 9, 0)


def test_a_chosen_artist_shows_their_times_and_books_with_them(client, staff, frozen, artist, url, record):
    priya = ArtistFactory(display_name="Priya Shah", hours={d: [(time(14), time(18))] for d in range(7)})
    html = client.get(url, {"artist": priya.pk}).content.decode()
    assert "with Priya Shah" in html and slot_value(2026, 11, 30, 9, 0) not in html
    assert slot_value(2026, 11, 30, 14, 0) in html and f'name="artist" value="{priya.pk}"' in html
    response = client.post(url, {"slot": london(2026, 11, 30, 14, 0).isoformat(), "artist": priya.pk})
    assert response.status_code == 302
    appointment = record.appointments.get()
    assert (appointment.artist, appointment.source) == (priya, Appointment.Source.STAFF)


def test_htmx_swaps_only_the_picker(client, staff, frozen, artist, url):
    response = client.get(url, {"date": "2026-12-01"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="picker"') and "<html" not in html
    assert "Times on Tuesday 1 December" in html and "HX-Request" in response["Vary"]


def test_a_time_taken_meanwhile_is_refused_with_what_is_in_the_way_and_the_nearest_times(
    client, staff, frozen, artist, url, record
):
    book_consultation(
        start=london(2026, 11, 30, 9, 0),
        client_details=ClientDetails(full_name="Sam Lee", email="sam@example.com", phone="+447911123457"),
        online=False,
    )
    response = client.post(url, {"slot": london(2026, 11, 30, 9, 0).isoformat(), "artist": ""})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sam Okafor already has Free consultation with S. Lee 09:00–09:30" in html.split('id="slot-error"')[1][:300]
    assert 'id="alternatives"' in html and slot_value(2026, 11, 30, 9, 45) in html
    assert not record.appointments.exists()


def test_a_posted_garbage_time_says_listed_times_where_times_are_listed(client, staff, frozen, artist, url, record):
    response = client.post(url, {"slot": "tomorrow-ish", "artist": ""})
    html = response.content.decode()
    assert response.status_code == 422
    times = html.split('id="times"')[1]
    assert "Please choose one of the listed times." in times and 'id="slots"' in times
    assert not record.appointments.exists()


def test_a_typed_move_does_not_mention_listed_times(client, staff, frozen, artist, record):
    appointment = book_consultation(
        start=london(2026, 12, 1, 10, 0), client_details=ClientDetails(full_name="Pat Rowe", email="pat@example.com",
                                                                        phone="+447911123456"),
    )  # fmt: skip
    url = reverse("bookings:appointment", args=[appointment.pk])
    response = client.post(url, {"move-start": "2026-12-01T10:07", "move-override_reason": ""})
    html = response.content.decode()
    assert "15-minute grid" in html and "listed times" not in html
    off_hours = client.post(url, {"move-start": "2026-12-01T20:00", "move-override_reason": ""}).content.decode()
    assert "outside Sam Okafor&#x27;s working hours (09:00–18:00)" in off_hours and "listed times" not in off_hours


def test_a_client_without_email_is_booked_by_phone_and_told_on_the_phone(
    client, staff, frozen, artist, django_capture_on_commit_callbacks
):
    record = ClientFactory(full_name="Jo Bright", email="", phone="+447911123459")
    ClientFactory(full_name="Kim Ash", email="", phone="+447911123460")  # another without: not the same client
    url = reverse("bookings:book_for_client", args=[record.pk])
    assert "No e-mail address: no confirmation e-mail goes" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"slot": london(2026, 11, 30, 11, 0).isoformat(), "artist": ""}, follow=True)
    html = response.content.decode()
    assert "Consultation booked on Monday 30 November at 11:00 with Sam Okafor" in html
    assert "has no e-mail address, so no confirmation goes" in html and "has been e-mailed" not in html
    appointment = record.appointments.get()
    assert appointment.booked_email == "" and mail.outbox == []
    confirmation = Reminder.objects.about(appointment).get(kind="booking_confirmed")
    assert (confirmation.status, confirmation.note) == (Reminder.Status.SKIPPED, "no e-mail address yet")


def test_the_desk_page_needs_the_same_queries_for_two_artists_or_twenty(
    client, staff, frozen, artist, url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(19):
        ArtistFactory(display_name=f"Artist {n:02d}", hours={d: [(time(9), time(17))] for d in range(7)})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
