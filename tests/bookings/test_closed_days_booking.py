"""A day the clinic is closed (Christmas, a dated closure from the admin) offers no times, online or by phone."""

from datetime import date

import pytest
from django.db import transaction

from bookings.errors import BookingError
from bookings.models import ClinicClosure
from bookings.selectors import available_slots, consultation_service
from bookings.services import book_consultation
from clients.services import ClientDetails
from tests.helpers import london

pytestmark = pytest.mark.django_db

DETAILS = ClientDetails(full_name="Robin Holly", email="robin@example.com", phone="07911 123456", concern="crown")


def slots(day: date, **kwargs):
    return available_slots(service=consultation_service(), start_date=day, end_date=day, **kwargs)[day]


def test_christmas_offers_no_times_and_cannot_be_booked(frozen, artist):
    assert ClinicClosure.objects.filter(every_year=True).exists()  # the seeded 25–26 December, 1 January
    assert slots(date(2026, 12, 24)) and slots(date(2026, 12, 27))
    assert slots(date(2026, 12, 25)) == [] == slots(date(2026, 12, 26))
    assert slots(date(2026, 12, 25), online=False) == []  # not by phone either
    with pytest.raises(BookingError):
        book_consultation(start=london(2026, 12, 25, 10, 0), client_details=DETAILS)


def test_a_new_closure_retires_the_cached_times_at_once(frozen, client, artist, django_capture_on_commit_callbacks):
    def times():
        response = client.get("/api/v1/availability", {"date": "2026-12-02"})
        return response.json()["slots"]

    assert times()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ClinicClosure.objects.create(first_day=date(2026, 12, 2), reason="Staff training")
    assert times() == []
