"""One day, two days: counted nouns in the messages built in Python."""

import pytest

from bookings.messages import _length
from clinic.plurals import count


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1, "day"), "1 day"),
        ((0, "day"), "0 days"),
        ((14, "day"), "14 days"),
        ((1.0, "hour's", "hours'"), "1 hour's"),
        ((1.5, "hour's", "hours'"), "1.5 hours'"),
        ((2.0, "hour"), "2 hours"),
    ],
)
def test_count(args, expected):
    assert count(*args) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"), [(1, "1 minute"), (61, "1 hour 1 minute"), (150, "2 hours 30 minutes"), (60, "1 hour")]
)
def test_appointment_length_in_e_mails(minutes, expected):
    assert _length(minutes) == expected
