import phonenumbers
import pytest
from django.core.exceptions import ValidationError

from clients.phone import display_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07911 123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("020 7946 0958", "+442079460958"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_valid_numbers_are_stored_as_e164(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    # Not "valid" in the metadata we have (ranges it does not list yet), but possible and mobile-shaped.
    [("07650 123456", "+447650123456"), ("07700 900123", "+447700900123"), ("+44 7610 123456", "+447610123456")],
)
def test_possible_numbers_not_yet_in_the_metadata_are_accepted(typed, stored):
    number = phonenumbers.parse(typed, "GB")
    assert phonenumbers.is_possible_number(number) and not phonenumbers.is_valid_number(number)
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "123",  # too short for anything
        "07911 12345",  # a mobile one digit short: "possible" (as a 9-digit fixed line), still refused
        "07911 1234567",  # one digit too many
        "079111234567890",
        "07911 123456 ext. 12",
        "not a number",
        "\x00",
        "",
    ],
)
def test_garbage_short_and_long_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_display_is_national_for_the_clinics_country():
    assert display_phone("+447911123456") == "07911 123456"
    assert display_phone("+12025550143") == "+1 202-555-0143"
