"""Signed links to a quote for its client (view, download, accept or decline) without logging in.

The link names the quote's random public_id, never its sequential key, and stops working
QUOTE_LINK_DAYS_AFTER_CLOSE days after the quote is accepted, declined or lapses.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from clinic.clock import clinic_tz

from .models import Quote

_SALT = "quotes.client-link"


@dataclass(frozen=True)
class QuoteLink:
    quote: Quote
    closed: bool  # the link has stopped working: the page says what to do instead
    legacy: bool = False  # an old link naming the primary key: redirect to the current one


def make_quote_token(quote: Quote) -> str:
    return signing.Signer(salt=_SALT).sign(str(quote.public_id))


def closes_at(quote: Quote) -> datetime:
    """When the client's link stops working: some days after the answer, or after the last valid day."""
    if quote.status == Quote.Status.ACCEPTED and quote.accepted_at:
        answered = quote.accepted_at
    elif quote.status == Quote.Status.DECLINED and quote.declined_at:
        answered = quote.declined_at
    else:  # issued, expired or superseded: from the end of its last valid day (clinic time)
        answered = datetime.combine(quote.valid_until + timedelta(days=1), time(0), tzinfo=clinic_tz())
    return answered + timedelta(days=settings.QUOTE_LINK_DAYS_AFTER_CLOSE)


def quote_for_token(token: str, *, now: datetime | None = None) -> QuoteLink | None:
    """The issued quote a token names, or None if it is forged or unknown."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    quotes = Quote.objects.select_related("client", "plan").exclude(status=Quote.Status.DRAFT)
    legacy = value.isdigit()  # links e-mailed before public_id named the primary key
    quote = quotes.filter(pk=int(value)).first() if legacy else quotes.filter(public_id=value).first()
    if quote is None:
        return None
    return QuoteLink(quote, closed=(now or timezone.now()) >= closes_at(quote), legacy=legacy)
