"""Signed links to a quote for its client (view, download, accept or decline) without logging in."""

from django.core import signing

from .models import Quote

_SALT = "quotes.client-link"


def make_quote_token(quote: Quote) -> str:
    return signing.Signer(salt=_SALT).sign(str(quote.pk))


def quote_for_token(token: str) -> Quote | None:
    try:
        pk = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Quote.objects.select_related("client", "plan").filter(pk=int(pk)).exclude(status=Quote.Status.DRAFT).first()
