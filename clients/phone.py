"""Phone numbers: parsed with libphonenumber (UK by default), stored as E.164."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError

MESSAGE = "Enter a valid phone number, e.g. 07911 123456 or +44 7911 123456."


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(MESSAGE, code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(MESSAGE, code="invalid_phone")
    if number.extension:
        raise ValidationError("Please give a number without an extension.", code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    # Compare calling codes, not regions: +44 7911… is "GG" (Guernsey) to libphonenumber but dialled as 07911….
    home = number.country_code == phonenumbers.country_code_for_region(settings.PHONE_REGION)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
