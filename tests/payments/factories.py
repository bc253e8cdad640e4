"""Accepted quotes to pay against, and ledger entries made through the services."""

from django.utils import timezone

from quotes.models import Quote
from tests.quotes.factories import IssuedQuoteFactory


def accepted_quote(**kwargs) -> Quote:
    """An issued quote marked accepted (the acceptance journey itself is tested in tests/quotes/).

    Keywords go to the draft (treatment_type, client, …); a crown quote is £1,300 with a £260 deposit."""
    kwargs.setdefault("treatment_type", "crown")
    quote = IssuedQuoteFactory(**kwargs)
    Quote.objects.filter(pk=quote.pk).update(status=Quote.Status.ACCEPTED, accepted_at=timezone.now())
    quote.refresh_from_db()
    return quote
