"""Hypothesis throws bad input at the public booking form: every answer is a clear error or a booking, never a 5xx.

On any refusal nothing is stored (clients and appointments counted before and after) and the page says
what is wrong; when the input happens to be valid the booking is made (and the slot is then taken).
"""

from datetime import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bookings.models import Appointment
from clients.models import Client
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

BOOK = "/book/"
SLOT = london(2026, 12, 1, 10, 0)
VALID = {
    "slot": SLOT.isoformat(),
    "date": "2026-12-01",
    "artist": "",
    "full_name": "Alex Morgan",
    "email": "alex@example.com",
    "phone": "07911 123456",
    "concern": "crown",
    "website": "",
}
NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "Al\x00ex",
    "x" * 10_000,
    "\u202eevil\u202c name",  # RTL override
    "עברית שם",  # Hebrew (right-to-left, but valid letters)
    "😀😀 emoji",
    "Zoe\u0301\u0301\u0301 combining",
    "\u200b\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "Robert'); DROP TABLE clients_client;--",
    "line\r\nBcc: victim@example.com",
]
BAD_SLOTS = [
    "2026-02-30T10:00:00+00:00",  # no such day
    "2026-12-01T25:00:00+00:00",
    "2020-01-01T10:00:00+00:00",  # past
    "2026-11-30T07:00:00+00:00",  # before now
    "2026-12-01T10:07:00+00:00",  # off the grid
    "2026-12-01T03:00:00+00:00",  # outside hours
    "2099-12-01T10:00:00+00:00",  # beyond the horizon
    "2026-12-01T10:00:00",  # no offset
    "9999-99-99",
    "-1",
    "",
]
BAD_PHONES = ["0", "+44", "07911 12345678901", "not a phone", "+447911123456 ext. 12", "٠٧٩١١١٢٣٤٥٦", "+999 1234"]
BAD_EMAILS = ["", "alex", "alex@", "@example.com", "alex@example..com", "a@b", "alex@example.com\nBcc: x@y.z"]


def fields():
    text = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=200))
    return st.fixed_dictionaries(
        {},
        optional={
            "slot": st.one_of(st.sampled_from(BAD_SLOTS), text),
            "full_name": text,
            "email": st.one_of(st.sampled_from(BAD_EMAILS), text),
            "phone": st.one_of(st.sampled_from(BAD_PHONES), text),
            "concern": st.one_of(st.sampled_from(["crown", "tattoo", ""]), text),
            "artist": st.sampled_from(["", "0", "-1", "999999", "abc", "1.5"]),
        },
    )


@pytest.fixture
def artist(frozen, consultation, policy, settings):
    # Each example is a post from the same test client; the per-IP limit is not what is tested here.
    settings.BOOKING_RATE_LIMIT = "100000/h"
    return ArtistFactory(display_name="Sam", hours={d: [(time(9), time(12))] for d in range(7)})


def counts():
    return Client.objects.count(), Appointment.objects.count()


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=fields())
@example(changes={"full_name": "\x00"})
@example(changes={"full_name": "x" * 10_000})
@example(changes={"slot": "2026-02-30T10:00:00+00:00"})
@example(changes={"phone": "0"})
@example(changes={"email": "alex@example.com\nBcc: x@y.z"})
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client, artist, changes):
    before = counts()
    response = client.post(BOOK, {**VALID, **changes, "email": changes.get("email", "fuzz@example.com")})
    assert response.status_code < 500
    if response.status_code == 302:  # the input was valid after all: exactly one booking was made
        assert "/book/confirmed/" in response["Location"]
        assert counts()[1] == before[1] + 1
        Appointment.objects.all().delete()  # free the slot for the next example
        return
    assert response.status_code in (409, 422), response.status_code
    assert counts() == before
    html = response.content.decode()
    assert "invalid-feedback" in html or "alert" in html  # the reason is on the page


def test_a_1_mb_body_is_refused_with_a_message(client, artist):
    before = counts()
    response = client.post(BOOK, {**VALID, "full_name": "A" * 1_000_000})
    assert response.status_code == 422
    assert "at most 150 characters" in response.content.decode()
    assert counts() == before


def test_invalid_utf8_and_lone_surrogates_are_not_a_500(client, artist):
    before = counts()
    # "\ud800" cannot be encoded by a well-behaved client; this is what a broken one sends for it.
    body = b"slot=2026-12-01T10%3A00%3A00%2B00%3A00&full_name=%ED%A0%80%ED%A0%80&email=a%40example.com&phone=07911123456&concern=crown&website="
    response = client.post(BOOK, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert counts() == before


def test_script_in_a_name_is_shown_escaped_when_the_form_comes_back(client, artist):
    response = client.post(BOOK, {**VALID, "full_name": '<script>alert(1)</script>"><img src=x>', "phone": "0"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "<script>alert(1)" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;" in html
