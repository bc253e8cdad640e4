"""Counted nouns in messages built in Python ("1 day", "2 days"); templates use `pluralize`."""

from django.utils.translation import ngettext


def count(n: float, singular: str, plural: str = "") -> str:
    """ "1 day", "14 days", "1.5 hours": `n` and its noun, singular only for exactly one."""
    noun = ngettext(singular, plural or f"{singular}s", 1 if n == 1 else 2)
    return f"{n:g} {noun}" if isinstance(n, float) else f"{n} {noun}"
