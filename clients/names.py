"""People's names as typed on public forms: whitespace folded, invisible and control characters refused."""

import unicodedata

from django.core.exceptions import ValidationError

MESSAGE = "Please enter your name (at least 2 letters)."


def normalise_name(raw: str) -> str:
    # Cc (control: NUL, newlines…), Cf (format: zero-width, bidi overrides) and Co/Cs never belong in a name.
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in " \t" for ch in raw):
        raise ValidationError("Your name contains characters we can't use.", code="invalid_name")
    name = " ".join(raw.split())
    if sum(ch.isalpha() for ch in name) < 2:
        raise ValidationError(MESSAGE, code="invalid_name")
    return name
