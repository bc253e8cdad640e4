"""Online payments, whichever provider: `PAYMENTS_PROVIDER` is "none" (pay at the clinic) or "stripe".

What the rest of payments (the desk refund form, the policy's refunds, the deposit request) needs to know
or do online, without knowing the provider: `enabled()`, `deposit_url(quote)`, `refund_online(...)`.
"""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from quotes.tokens import make_quote_token


def enabled() -> bool:
    """Online payment is offered (a "Pay online" button) only with a provider and its keys configured."""
    return settings.PAYMENTS_PROVIDER == "stripe" and bool(settings.STRIPE_SECRET_KEY)


def deposit_url(quote) -> str:
    """Where the client pays online (absolute, for e-mails): their quote page's "Pay online" section."""
    return settings.SITE_URL + reverse("quotes:client_quote", args=[make_quote_token(quote)]) + "#pay-online"


def refund_online(*, payment_id: int, amount: Decimal, by=None, note: str = "", idempotency_key: str | None = None):
    """Refund (part of) a card payment made online, through the provider; returns the ledger's `Recorded`.

    Raises payments.stripe.errors.StripeUnavailable (nothing refunded or recorded; retrying is safe),
    NotAnOnlinePayment, and the ledger's AmountNotValid / RefundTooLarge.
    """
    from payments.stripe.refunds import refund_online as refund_through_stripe

    return refund_through_stripe(
        payment_id=payment_id, amount=amount, by=by, note=note, idempotency_key=idempotency_key
    )
