"""Reads of quotes for other layers (ops metrics)."""

from .models import Quote


def issued_quote_count() -> int:
    """Quotes ever issued (each has its number from then on, whatever became of it): one query."""
    return Quote.objects.filter(number__isnull=False).count()
