"""The address lockout and rate limits count: REMOTE_ADDR, or behind trusted proxies the one they saw."""

import pytest
from django.test import RequestFactory

from clinic.ratelimits import client_ip, rate_limited

pytestmark = pytest.mark.django_db


def request(forwarded=None, remote="10.0.0.2"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/book/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("198.51.100.7")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client wrote 1.2.3.4 itself
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies: not trusted
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_behind_proxies_the_address_the_outermost_saw(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(forwarded)) == expected


def test_a_forwarded_list_never_breaks_the_rate_limit(settings):
    # A key of "a, b" made django-ratelimit raise ValueError (a 500 on every login and booking post).
    settings.TRUSTED_PROXY_COUNT = 1
    settings.BOOKING_RATE_LIMIT = "2/h"
    outcomes = [rate_limited(request("1.2.3.4, 203.0.113.5"), "booking") for _ in range(3)]
    assert outcomes == [False, False, True]
    assert rate_limited(request("1.2.3.4, 203.0.113.6"), "booking") is False  # another client
