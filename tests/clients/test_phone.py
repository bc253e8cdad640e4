import pytest
from django.core.exceptions import ValidationError

from clients.phone import display_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("07911 123456", "+447911123456"), ("+44 7911 123456", "+447911123456"), ("020 7946 0958", "+442079460958")],
)
def test_uk_numbers_are_stored_as_e164(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["123", "07700 900123", "07911 123456 ext. 12", "not a number", "\x00"])
def test_invalid_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_display_is_national_for_the_clinics_country():
    assert display_phone("+447911123456") == "07911 123456"
    assert display_phone("+12025550143") == "+1 202-555-0143"
