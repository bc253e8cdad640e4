"""Phone numbers: parsed with libphonenumber (UK by default), stored as E.164."""

from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from phonenumbers import PhoneNumberType

MESSAGE = "Enter a valid phone number, e.g. 07911 123456 or +44 7911 123456."

# Kinds of number a client can be called (or texted) on; a shape like theirs passes the fallback below.
_REACHABLE = (
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
)


def _shaped_like_a_reachable_number(number: phonenumbers.PhoneNumber) -> bool:
    """Same length and first digit as an example fixed-line, mobile, VoIP or personal number of the country.

    "Possible" alone only checks the length against every kind of number (a UK 07911 12345 is possible,
    as a 9-digit fixed line); this keeps newly allocated ranges (valid once the metadata catches up)
    while refusing numbers one digit short or long for their kind.
    """
    national = phonenumbers.national_significant_number(number)
    for region in phonenumbers.region_codes_for_country_code(number.country_code)[:1]:
        for kind in _REACHABLE:
            example = phonenumbers.example_number_for_type(region, kind)
            shape = example and phonenumbers.national_significant_number(example)
            if shape and len(shape) == len(national) and shape[0] == national[0]:
                return True
    return False


def is_acceptable(number: phonenumbers.PhoneNumber) -> bool:
    """Valid in the current metadata, or possible and shaped like a number someone can be reached on.

    libphonenumber's "valid" lags behind the regulators (a range allocated since the metadata was
    built is "invalid"), so a real client's new number must not be refused for that.
    """
    if phonenumbers.is_valid_number(number):
        return True
    return phonenumbers.is_possible_number(number) and _shaped_like_a_reachable_number(number)


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(MESSAGE, code="invalid_phone") from error
    if not is_acceptable(number):
        raise ValidationError(MESSAGE, code="invalid_phone")
    if number.extension:
        raise ValidationError("Please give a number without an extension.", code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    return _display(e164, settings.PHONE_REGION)


# Parsing and formatting cost ~0.1 ms a number: long lists (search results, the staff home) show the same
# numbers page after page, so each is formatted once per process (for the region it was formatted for).
@lru_cache(maxsize=8192)
def _display(e164: str, region: str) -> str:
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    # Compare calling codes, not regions: +44 7911… is "GG" (Guernsey) to libphonenumber but dialled as 07911….
    home = number.country_code == phonenumbers.country_code_for_region(region)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
