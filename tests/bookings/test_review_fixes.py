"""Unhappy paths found by a review as a new user: each was a 500, a leak or lost input."""

import json
from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from bookings.errors import InvalidBookingTime
from bookings.models import Appointment
from bookings.services import book_consultation, reschedule_appointment
from bookings.slots import Interval, free_slots
from clients.models import Client
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london, utc

pytestmark = pytest.mark.django_db

TUE_10 = london(2026, 12, 1, 10, 0)


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(hours={d: [(time(9), time(17))] for d in range(7)})


def form_data(**overrides):
    data = {
        "slot": TUE_10.isoformat(),
        "date": "2026-12-01",
        "artist": "",
        "full_name": "Mallory Impostor",
        "email": "client@example.com",
        "phone": "07912 345678",
        "concern": "crown",
    }
    data.update(overrides)
    return data


def api_post(client, **overrides):
    payload = {"start": TUE_10.isoformat(), "name": "Alex Morgan", "email": "a@example.com", "phone": "07911 123456"}
    payload.update(overrides)
    return client.post("/api/v1/consultations", json.dumps(payload), content_type="application/json")


def test_booking_with_someone_elses_email_neither_reveals_nor_rewrites_their_record(frozen, client, artist):
    victim = ClientFactory(full_name="Jamie Walsh", email="client@example.com", phone="+447911123456")
    response = client.post("/book/", form_data(email="CLIENT@example.com"), follow=True)
    html = response.content.decode()
    assert "Mallory Impostor" in html and "Jamie Walsh" not in html
    victim.refresh_from_db()
    assert (victim.full_name, victim.phone) == ("Jamie Walsh", "+447911123456")
    appointment = Appointment.objects.get()
    assert appointment.booked_differently


@pytest.mark.parametrize("name", ["   ", " a ", "\u200b\u200b\u200b", "Al\u0000ex", "Al\u202eex"])
def test_api_refuses_blank_invisible_and_control_character_names(frozen, client, artist, name):
    response = api_post(client, name=name)
    assert response.status_code == 422
    assert "name" in response.json()["errors"]
    assert not Client.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2025-01-01"])
def test_availability_outside_the_window_is_empty_not_an_error(frozen, client, artist, day):
    response = client.get("/api/v1/availability", {"date": day})
    assert response.status_code == 200
    assert response.json()["slots"] == []


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_api_body_is_413(frozen, client, artist):
    assert api_post(client, name="A" * 5000).status_code == 413


def test_overlong_email_is_a_field_error(frozen, client, artist):
    response = client.post("/book/", form_data(email="a" * 250 + "@example.com"))
    assert response.status_code == 422
    assert not Appointment.objects.exists()


@override_settings(BOOKING_RATE_LIMIT="2/h")
def test_typos_do_not_use_up_the_rate_limit(frozen, client, artist):
    cache.clear()
    for _ in range(5):
        assert client.post("/book/", form_data(phone="123")).status_code == 422
    assert client.post("/book/", form_data()).status_code == 302


def test_changing_day_or_artist_keeps_what_was_typed(frozen, client, artist):
    response = client.post("/book/", form_data(navigate="date:2026-12-02", slot=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Mallory Impostor"' in html and 'value="07912 345678"' in html
    assert "Times on Wednesday 2 December" in html
    assert "Please check" not in html  # navigating shows no errors
    assert not Appointment.objects.exists()


def test_staff_list_hides_cancelled_by_default(frozen, client, artist, admin_user):
    AppointmentFactory(artist=artist, start=TUE_10, status="cancelled", cancelled_at=TUE_10)
    AppointmentFactory(artist=artist, start=TUE_10 + timedelta(hours=2))
    client.force_login(admin_user)
    assert client.get("/staff/consultations/").content.decode().count("<tr>") == 2
    assert client.get("/staff/consultations/", {"status": "all"}).content.decode().count("<tr>") == 3


def test_admin_shows_appointments_read_only(frozen, client, artist, admin_user):
    appointment = AppointmentFactory(artist=artist, start=TUE_10)
    client.force_login(admin_user)
    url = reverse("admin:bookings_appointment_change", args=[appointment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"start_0": "2026-12-01"}).status_code == 403
    assert client.get(reverse("admin:bookings_appointment_add")).status_code == 403
    assert client.get(reverse("admin:bookings_appointment_changelist"), {"when": "upcoming"}).status_code == 200


def test_moving_to_the_same_time_is_refused(frozen, artist, details):
    appointment = book_consultation(start=TUE_10, client_details=details)
    with pytest.raises(InvalidBookingTime, match="already the time"):
        reschedule_appointment(appointment_id=appointment.pk, start=TUE_10)


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


def test_admin_labels_are_in_clinic_time(artist):
    appointment = AppointmentFactory(artist=artist, start=london(2027, 6, 1, 10, 0))
    assert "2027-06-01 10:00" in str(appointment)
