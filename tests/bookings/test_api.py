"""The public JSON API v1: the contract and every error case."""

import json
from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings

from bookings.models import Appointment
from clients.models import Client
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

TUE_10 = london(2026, 12, 1, 10, 0)


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(hours={d: [(time(9), time(12))] for d in range(7)})


def post(client, payload, raw=None):
    body = raw if raw is not None else json.dumps(payload)
    return client.post("/api/v1/consultations", body, content_type="application/json")


def booking(**overrides):
    payload = {
        "start": TUE_10.isoformat(),
        "name": "Alex Morgan",
        "email": "alex@example.com",
        "phone": "07911 123456",
        "concern": "hairline",
    }
    payload.update(overrides)
    return payload


def test_availability_lists_slots_with_offsets(frozen, client, artist):
    response = client.get("/api/v1/availability", {"date": "2026-12-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-12-01"
    assert body["slots"][0] == {"start": "2026-12-01T09:00:00Z", "end": "2026-12-01T09:30:00Z", "artist_id": artist.pk}
    assert len(body["slots"]) == 11


def test_availability_in_summer_carries_the_bst_offset(time_machine, client, artist):
    time_machine.move_to(london(2027, 6, 1, 8, 0), tick=False)
    slot = client.get("/api/v1/availability", {"date": "2027-06-02"}).json()["slots"][0]
    assert slot["start"] == "2027-06-02T09:00:00+01:00"


def test_availability_for_one_artist_and_bad_queries(frozen, client, artist):
    other = ArtistFactory()
    only = client.get("/api/v1/availability", {"date": "2026-12-01", "artist_id": other.pk}).json()["slots"]
    assert {s["artist_id"] for s in only} == {other.pk}
    assert client.get("/api/v1/availability", {"date": "2026-12-01", "artist_id": 999999}).status_code == 422
    for bad in ({"date": "2026-02-30"}, {"date": "tomorrow"}, {}, {"date": "2026-12-01", "service": "tattoo"}):
        response = client.get("/api/v1/availability", bad)
        assert response.status_code == 422, bad
        assert response.json()["errors"]


def test_book_returns_201_with_manage_url(frozen, client, artist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, booking())
    assert response.status_code == 201
    body = response.json()
    assert body["artist_id"] == artist.pk
    assert body["start"] == "2026-12-01T10:00:00Z"
    assert body["end"] == "2026-12-01T10:30:00Z"
    assert "/bookings/" in body["manage_url"]
    assert Appointment.objects.get(pk=body["id"]).source == "api"
    assert client.get(body["manage_url"].removeprefix("http://testserver")).status_code == 200


def test_the_old_name_for_density_is_still_accepted(frozen, client, artist):
    response = post(client, booking(concern="thinning"))
    assert response.status_code == 201, response.content
    assert Appointment.objects.get(pk=response.json()["id"]).client.concern == "density"


def test_slot_taken_is_409_with_a_message(frozen, client, artist):
    AppointmentFactory(artist=artist, start=TUE_10)
    response = post(client, booking())
    assert response.status_code == 409
    assert "taken" in response.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start": "2026-11-29T10:00:00+00:00"}, "start"),  # past
        ({"start": "2026-12-01T10:07:00+00:00"}, "start"),  # off-grid
        ({"start": "2026-12-01T20:00:00+00:00"}, "start"),  # outside working hours
        ({"start": "2026-12-01T10:00:00"}, "start"),  # no offset
        ({"start": "2027-06-01T10:00:00+01:00"}, "start"),  # beyond the horizon
        ({"start": "not a date"}, "start"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"concern": "tattoo removal"}, "concern"),
        ({"artist_id": 0}, "artist_id"),
        ({"artist_id": 999999}, "artist_id"),
    ],
)
def test_bad_input_is_422_with_field_errors(frozen, client, artist, overrides, field):
    response = post(client, booking(**overrides))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert Appointment.objects.count() == 0


def test_missing_fields_are_422(frozen, client, artist):
    response = post(client, {"start": TUE_10.isoformat()})
    assert response.status_code == 422
    assert {"name", "email", "phone"} <= set(response.json()["errors"])


@pytest.mark.parametrize("raw", ["{not json", "", "[]", "null", '"text"'])
def test_malformed_json_is_a_4xx_never_a_500(frozen, client, artist, raw):
    response = post(client, None, raw=raw)
    # (Django's test client sends no Content-Type with an empty body: that one is a 415.)
    assert response.status_code in (400, 415, 422)
    assert "detail" in response.json()


@override_settings(BOOKING_RATE_LIMIT="2/h")
def test_posts_are_rate_limited_per_ip(frozen, client, artist):
    cache.clear()
    assert post(client, booking()).status_code == 201
    assert post(client, booking(start=(TUE_10 + timedelta(hours=1)).isoformat())).status_code == 201
    response = post(client, booking(start=(TUE_10 + timedelta(minutes=30)).isoformat()))
    assert response.status_code == 429
    other_ip = client.post(
        "/api/v1/consultations",
        json.dumps(booking(start=(TUE_10 - timedelta(hours=1)).isoformat())),
        content_type="application/json",
        REMOTE_ADDR="192.0.2.7",
    )
    assert other_ip.status_code == 201


def test_openapi_schema_describes_both_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/availability", "/api/v1/consultations"} <= set(schema["paths"])
    assert {"201", "409", "422"} <= set(schema["paths"]["/api/v1/consultations"]["post"]["responses"])


@pytest.mark.parametrize("name", ["   ", " a ", "\u200b\u200b\u200b", "Al\u0000ex", "Al\u202eex"])
def test_api_refuses_blank_invisible_and_control_character_names(frozen, client, artist, name):
    response = post(client, booking(name=name))
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
    assert post(client, booking(name="A" * 5000)).status_code == 413


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
def test_a_booking_not_sent_as_json_is_415_and_books_nothing(frozen, client, artist, content_type):
    """A cross-site form can post text/plain JSON without a preflight: it must not book through a visitor's browser."""
    response = client.post("/api/v1/consultations", json.dumps(booking()), content_type=content_type)
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert not Appointment.objects.exists() and not Client.objects.exists()


def test_json_with_a_charset_is_still_json(frozen, client, artist):
    response = client.post(
        "/api/v1/consultations", json.dumps(booking()), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 201
