"""The availability API's cache: reused while nothing changes, never once the calendar or the clock has moved on."""

import gzip
import json
from datetime import time, timedelta

import brotli
import pytest
from django.core.cache import cache
from django.test import override_settings

from bookings.availability_cache import VERSION_KEY, VERSION_RECHECK_SECONDS, cached_answer
from bookings.models import TimeOff, WorkingHours
from bookings.services import book_consultation
from clients.services import ClientDetails
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

DAY = "2026-12-01"


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(hours={d: [(time(9), time(12))] for d in range(7)})


def starts(client, **params):
    response = client.get("/api/v1/availability", {"date": DAY, **params})
    assert response.status_code == 200
    return [s["start"] for s in response.json()["slots"]]


def test_a_second_request_is_answered_without_sql(frozen, client, artist, django_assert_num_queries):
    first = starts(client)
    with django_assert_num_queries(0):
        assert starts(client) == first


def test_a_committed_booking_retires_the_cached_answer(frozen, client, artist, django_capture_on_commit_callbacks):
    assert "2026-12-01T10:00:00Z" in starts(client)
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447911123456", concern="crown")
    with django_capture_on_commit_callbacks(execute=True):
        book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    assert "2026-12-01T10:00:00Z" not in starts(client)


@pytest.mark.parametrize("change", ["time off", "working hours", "artist deactivated"])
def test_calendar_changes_outside_bookings_retire_it_too(frozen, client, artist, change):
    assert starts(client)
    if change == "time off":
        TimeOff.objects.create(artist=artist, start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))
    elif change == "working hours":
        WorkingHours.objects.filter(artist=artist).delete()
    else:
        artist.is_active = False
        artist.save()
    assert starts(client) == []


def test_slots_inside_the_notice_are_not_served_from_the_cache(time_machine, client, artist):
    # 06:00 with 2 hours' notice: the 09:00 slot is bookable until 07:00.
    time_machine.move_to(london(2026, 12, 1, 6, 0), tick=False)
    assert starts(client)[0] == "2026-12-01T09:00:00Z"
    time_machine.move_to(london(2026, 12, 1, 7, 1), tick=False)
    assert starts(client)[0] == "2026-12-01T09:15:00Z"


def test_an_answer_computed_while_the_calendar_changed_is_not_reused(frozen):
    computed = []

    def compute_during_a_change():
        computed.append(1)
        cache.set(VERSION_KEY, "changed meanwhile")  # another process's change commits during the compute
        return b"old", None

    assert cached_answer("k", compute_during_a_change) == b"old"
    frozen.shift(timedelta(seconds=VERSION_RECHECK_SECONDS))  # when this process reads the version again
    assert cached_answer("k", lambda: (b"new", None)) == b"new"
    assert cached_answer("k", lambda: (b"unused", None)) == b"new"


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_without_redis_the_answer_is_computed(frozen, client, artist):
    assert len(starts(client)) == 11
    TimeOff.objects.create(artist=artist, start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))
    assert starts(client) == []


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_a_cache_that_keeps_nothing_means_computing_each_time(frozen, client, artist):
    assert len(starts(client)) == 11
    TimeOff.objects.bulk_create(  # no signal: only computing again can see it
        [TimeOff(artist=artist, start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))]
    )
    assert starts(client) == []


def test_the_cached_answer_expires_with_its_earliest_slot(frozen, artist):
    from bookings.api import _availability_body
    from clinic.clock import local_today

    (body, brotlied, packed), stale_at = _availability_body(
        day=london(2026, 12, 1, 0, 0).date(), artist_id=None, today=local_today()
    )
    assert stale_at == london(2026, 12, 1, 9, 0) - timedelta(hours=2)
    assert b'"slots": [{"start": "2026-12-01T09:00:00Z"' in body
    assert gzip.decompress(packed) == brotli.decompress(brotlied) == body


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("br", "br"),
        ("gzip", "gzip"),
        ("gzip, br;q=0", "gzip"),
        ("BR;Q=0.5, GZIP", "br"),
        ("gzip;q=0, br;q=0", None),
        ("gzip;q=x", None),
        ("deflate", None),
        ("identity", None),
        ("", None),
    ],
)
def test_clients_get_the_same_answer_in_the_best_coding_they_take(frozen, client, artist, accept_encoding, coding):
    plain = client.get("/api/v1/availability", {"date": DAY})
    answer = client.get("/api/v1/availability", {"date": DAY}, HTTP_ACCEPT_ENCODING=accept_encoding)
    assert "Content-Encoding" not in plain and answer.get("Content-Encoding") == coding
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in answer["Vary"]
    decode = {None: bytes, "gzip": gzip.decompress, "br": brotli.decompress}[coding]
    assert json.loads(decode(answer.content)) == plain.json()
    assert len(plain.json()["slots"]) == 11


def test_the_public_picker_shares_the_cache_and_sees_bookings(
    frozen, artist, consultation, policy, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from bookings.selectors import offered_slots

    def offered():
        day = london(2026, 12, 1, 0, 0).date()
        by_day = offered_slots(service=consultation, start_date=day, end_date=day, artist_id=None, policy=policy)
        return [s.start for s in by_day[day]]

    assert london(2026, 12, 1, 10, 0) in offered()
    with django_assert_num_queries(0):
        offered()
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447911123456", concern="crown")
    with django_capture_on_commit_callbacks(execute=True):
        book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    assert london(2026, 12, 1, 10, 0) not in offered()


def test_another_process_sees_a_change_made_elsewhere(frozen, client, artist):
    """This process keeps answers and the version; a version changed by another process retires them
    once this one reads it again, at most VERSION_RECHECK_SECONDS later."""
    first = starts(client)
    TimeOff.objects.bulk_create(  # bulk: no signal, as if another server had made the change...
        [TimeOff(artist=artist, start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))]
    )
    cache.set(VERSION_KEY, "changed by another process")  # ...and replaced the version
    assert starts(client) == first  # within the recheck window: the answer this process holds
    frozen.shift(timedelta(seconds=VERSION_RECHECK_SECONDS))
    assert starts(client) == []


def test_the_in_process_copy_stays_bounded():
    from bookings import availability_cache

    for n in range(availability_cache.IN_PROCESS_ENTRIES + 50):
        cached_answer(f"k{n}", lambda n=n: (n, None))
    assert len(availability_cache._in_process) == availability_cache.IN_PROCESS_ENTRIES
    assert cached_answer("k300", lambda: ("recomputed", None)) == 300  # still in Redis
