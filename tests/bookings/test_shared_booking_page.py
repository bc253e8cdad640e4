"""The booking page rendered once for every signed-out visitor: their own CSRF token, never a stale calendar."""

import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from bookings.models import Appointment, TimeOff, WorkingHours
from bookings.services import book_consultation, cancel_appointment
from bookings.views.shared_page import CSRF_PLACEHOLDER
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

BOOK = "/book/"
DAY = {"date": "2026-12-01"}
TUE_10 = london(2026, 12, 1, 10, 0)
TEN = 'value="2026-12-01T10:00:00+00:00"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(display_name="Sam", hours={d: [(time(9), time(12))] for d in range(7)})


def page(client, **params) -> str:
    response = client.get(BOOK, {**DAY, **params})
    assert response.status_code == 200
    return response.content.decode()


def booking(token: str, **overrides) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "slot": TUE_10.isoformat(),
        "date": "2026-12-01",
        "artist": "",
        "full_name": "Alex Morgan",
        "email": "alex@example.com",
        "phone": "07911 123456",
        "concern": "crown",
        "website": "",
        **overrides,
    }


def test_a_second_visitor_gets_the_page_without_sql(frozen, artist, django_assert_num_queries):
    first = page(Client())
    with django_assert_num_queries(0):
        second = page(Client())
    assert TOKEN.sub("", first) == TOKEN.sub("", second)


def test_each_visitor_gets_their_own_csrf_token_and_can_book_with_it(
    frozen, artist, django_capture_on_commit_callbacks
):
    alex, sam = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alex_token, sam_token = TOKEN.search(page(alex))[1], TOKEN.search(page(sam))[1]
    assert CSRF_PLACEHOLDER not in alex_token
    assert alex_token != sam_token
    assert alex.cookies["csrftoken"].value != sam.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = alex.post(BOOK, booking(alex_token))
    assert response.status_code == 302
    assert Appointment.objects.count() == 1


def test_a_post_without_the_visitors_token_is_still_refused(frozen, artist):
    alex, sam = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page(alex)
    sam_token = TOKEN.search(page(sam))[1]
    # Sam's token is not Alex's: without the matching cookie the CSRF check refuses it.
    alex.cookies.pop("csrftoken")
    assert alex.post(BOOK, booking(sam_token)).status_code == 403
    assert not Appointment.objects.exists()


def test_a_booking_retires_the_page_at_once(frozen, artist, details, django_capture_on_commit_callbacks):
    assert TEN in page(Client())
    with django_capture_on_commit_callbacks(execute=True):
        book_consultation(start=TUE_10, client_details=details)
    assert TEN not in page(Client())


def test_a_cancellation_retires_the_page_at_once(frozen, artist, django_capture_on_commit_callbacks):
    appointment = AppointmentFactory(artist=artist, start=TUE_10, blocked_until=TUE_10 + timedelta(minutes=45))
    assert TEN not in page(Client())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment_id=appointment.pk)
    assert TEN in page(Client())


@pytest.mark.parametrize("change", ["time off", "working hours"])
def test_a_change_of_hours_or_time_off_retires_the_page_at_once(frozen, artist, change):
    assert TEN in page(Client())
    if change == "time off":
        TimeOff.objects.create(artist=artist, start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))
    else:
        WorkingHours.objects.filter(artist=artist).update(start_time=time(11))
        WorkingHours.objects.first().save()  # (update() sends no signal; a save does, as every edit of hours)
    assert TEN not in page(Client())


def test_the_clock_retires_a_time_inside_the_notice(time_machine, artist):
    # 06:00 with 2 hours' notice: the 09:00 slot is bookable until 07:00.
    time_machine.move_to(london(2026, 12, 1, 6, 0), tick=False)
    nine = 'value="2026-12-01T09:00:00+00:00"'
    assert nine in page(Client())
    time_machine.move_to(london(2026, 12, 1, 7, 1), tick=False)
    assert nine not in page(Client())


def test_a_stale_pages_post_of_a_taken_slot_gets_the_slot_taken_message(frozen, artist, consultation):
    visitor = Client(enforce_csrf_checks=True)
    token = TOKEN.search(page(visitor))[1]
    # Taken behind the cache's back (bulk_create sends no signal): the page is stale, the constraint decides.
    end = TUE_10 + timedelta(minutes=consultation.duration_minutes)
    Appointment.objects.bulk_create(
        [
            Appointment(
                artist=artist, service=consultation, client=ClientFactory(), start=TUE_10, end=end, blocked_until=end
            )
        ]
    )
    assert TEN in page(Client())
    response = visitor.post(BOOK, booking(token))
    assert response.status_code == 409
    assert "just been taken" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_the_shared_page_keeps_the_strict_csp(frozen, artist):
    page(Client())
    response = Client().get(BOOK, DAY)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "nonce" not in policy
    assert "<script>" not in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_a_signed_in_visitor_gets_their_own_page(frozen, client, artist):
    page(Client())
    client.force_login(UserFactory())
    html = page(client)
    assert reverse("logout") in html
    assert "Log in" not in html


def test_a_message_waiting_for_a_visitor_is_shown_to_them_only(frozen, client, artist):
    page(Client())
    client.force_login(UserFactory())
    client.post(reverse("logout"))
    assert "You have logged out." in page(client)
    assert "You have logged out." not in page(Client())
