"""Starting a payment: a Checkout Session at Stripe for a quote's deposit or balance.

`claim_attempt` (under the quote's lock) chooses the amount from the balance and the attempt: the one still
open for that amount, or the one whose creation failed (retried with its idempotency key), or a new one.
`start_checkout` then asks Stripe for the Session outside any lock. Nothing is recorded in the ledger here:
only the signed webhook records a payment (`events.handle_checkout_completed`).
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from payments import online
from payments.selectors.balance import balance_of
from quotes.models import Quote
from quotes.tokens import make_quote_token

from .api import call_stripe, pence
from .errors import NothingToPay, OnlinePaymentsOff, StripeUnavailable
from .models import CheckoutAttempt

LABELS = {CheckoutAttempt.Purpose.DEPOSIT: "Deposit", CheckoutAttempt.Purpose.BALANCE: "Balance"}
STRIPE_MIN_MINUTES = 30  # Stripe refuses a Session that expires sooner than this after its creation


def checkout_minutes() -> int:
    return max(settings.STRIPE_CHECKOUT_MINUTES, STRIPE_MIN_MINUTES + 10)


def amount_due(quote: Quote, purpose: str) -> Decimal:
    """What the client can pay online now for `purpose`: the deposit still due, or the whole balance."""
    if quote.status != Quote.Status.ACCEPTED:
        raise NothingToPay("Only an accepted quote can be paid online.")
    balance = balance_of(quote)
    amount = balance.deposit_outstanding if purpose == CheckoutAttempt.Purpose.DEPOSIT else balance.outstanding
    if amount <= 0:
        raise NothingToPay("The deposit is already paid." if purpose == "deposit" else "Nothing is left to pay.")
    return amount


def claim_attempt(*, quote_id: int, purpose: str, now: datetime) -> CheckoutAttempt:
    """Lock the quote, then reuse the attempt for this amount that can still be used, or start one."""
    if purpose not in CheckoutAttempt.Purpose.values:
        raise NothingToPay("Choose the deposit or the balance.")
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote_id)
        amount = amount_due(quote, purpose)
        # Reused while its page has at least STRIPE_MIN_MINUTES left (the same parameters, the same key).
        fresh_since = now - timedelta(minutes=checkout_minutes() - STRIPE_MIN_MINUTES)
        attempts = CheckoutAttempt.objects.filter(quote=quote, purpose=purpose, amount=amount)
        reusable = attempts.filter(status__in=["new", "open"], created_at__gte=fresh_since).first()
        if reusable is not None:
            return reusable
        return CheckoutAttempt.objects.create(quote=quote, purpose=purpose, amount=amount, created_at=now)


def session_params(attempt: CheckoutAttempt) -> dict:
    """The same attempt always sends the same parameters (Stripe refuses a reused key with others)."""
    quote = attempt.quote
    token = make_quote_token(quote)
    label = LABELS[attempt.purpose]
    metadata = {
        "quote_number": quote.number,
        "quote_public_id": str(quote.public_id),
        "purpose": attempt.purpose,
        "attempt": str(attempt.key),
    }
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": pence(attempt.amount),
                    "product_data": {"name": f"{label} for quote {quote.number}"},
                },
            }
        ],
        "client_reference_id": str(quote.public_id),
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata, "description": f"{label}, quote {quote.number}"},
        "success_url": settings.SITE_URL
        + reverse("payments_stripe:returned", args=[token])
        + f"?attempt={attempt.key}",
        "cancel_url": settings.SITE_URL + reverse("quotes:client_quote", args=[token]),
        "expires_at": int((attempt.created_at + timedelta(minutes=checkout_minutes())).timestamp()),
    }
    if quote.client.email:
        params["customer_email"] = quote.client.email
    return params


def start_checkout(*, quote_id: int, purpose: str, now: datetime | None = None) -> CheckoutAttempt:
    """An open attempt with Stripe's Checkout URL. Raises NothingToPay, OnlinePaymentsOff, StripeUnavailable."""
    if not online.enabled():
        raise OnlinePaymentsOff("Online payment is not available: please pay at the clinic.")
    attempt = claim_attempt(quote_id=quote_id, purpose=purpose, now=now or timezone.now())
    if attempt.status == CheckoutAttempt.Status.OPEN:
        return attempt
    params = session_params(attempt)
    options = {"idempotency_key": f"checkout-{attempt.key}"}
    try:
        session = call_stripe(lambda c: c.v1.checkout.sessions.create(params=params, options=options), what="checkout")
    except StripeUnavailable as error:
        CheckoutAttempt.objects.filter(pk=attempt.pk).update(error=error.message)
        raise
    CheckoutAttempt.objects.filter(pk=attempt.pk, status=CheckoutAttempt.Status.NEW).update(
        session_id=session.id, url=session.url, status=CheckoutAttempt.Status.OPEN, error=""
    )
    attempt.refresh_from_db()
    return attempt
