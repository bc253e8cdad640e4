"""Quotes made the way the team makes them: through the services (priced from the migrated price list)."""

import factory
from django.test import TestCase

from quotes.models import Quote
from quotes.services import issue_quote, save_draft
from tests.clients.factories import ClientFactory


class QuoteFactory(factory.django.DjangoModelFactory):
    """A draft (`save_draft`); any other keyword goes to `save_draft` too (extent_scale, extras, …)."""

    class Meta:
        model = Quote

    client = factory.SubFactory(ClientFactory)
    treatment_type = "crown"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_draft(**kwargs)


class IssuedQuoteFactory(QuoteFactory):
    """A draft issued at once (`issue_quote`): numbered, PDF stored, its e-mail and expiry reminder queued."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return issued(quote_id=save_draft(**kwargs).pk)


def issued(*, quote_id: int, **kwargs) -> Quote:
    """`issue_quote` with its after-commit work done (the PDF stored, the e-mail handed over), as a committed
    request leaves it; a test's own transaction never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return issue_quote(quote_id=quote_id, **kwargs)
