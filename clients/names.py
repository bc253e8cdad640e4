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


# A title alone is no way to greet someone ("Hello Dr"): greet them with the title and surname instead.
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord"}


def greeting_name(full_name: str) -> str:
    """Whom "Hello …" addresses: the first name as typed, capitalised when typed all in one case."""
    words = [_sensible_case(word) for word in full_name.split()]
    if not words:
        return ""
    if words[0].casefold().rstrip(".") in TITLES and len(words) > 1:
        return f"{words[0]} {words[-1]}"
    return words[0]


def _sensible_case(word: str) -> str:
    # "jamie" or "JAMIE" was typed in a hurry; "McKenzie", "de" and "DeShawn" are spelled on purpose.
    if word.islower() or word.isupper():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word
