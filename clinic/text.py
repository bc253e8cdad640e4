"""Rules for what people type that the clinic relies on: written reasons and typed names (one rule each)."""

MIN_REASON_CHARACTERS = 3
# The same rule for CheckConstraints: at least three characters that are not spaces.
WRITTEN_REASON_REGEX = r"(\S.*){3}"


def is_written_reason(text: str) -> bool:
    """An override, an erasure or a price change needs a reason someone actually wrote."""
    return sum(not ch.isspace() for ch in text or "") >= MIN_REASON_CHARACTERS


def typed_name_matches(typed: str, full_name: str) -> bool:
    """A typed confirmation (consent, accepting a quote) names the person, ignoring case and spacing."""
    return " ".join(typed.split()).casefold() == " ".join(full_name.split()).casefold()
