"""Calls to Stripe's API: one configured client, and Stripe's errors turned into messages for people.

Every call that creates something passes an idempotency key, so the library's own retries and ours
(after a timeout, a 429) reach the same object at Stripe, never a second one.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

import stripe
from django.conf import settings

from .errors import StripeUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY = "Nothing was charged or recorded; please try again in a moment."
MESSAGES: list[tuple[type[stripe.StripeError], str]] = [
    (stripe.CardError, "The card was declined: {detail}"),
    (stripe.RateLimitError, "The card payment service is busy just now. " + RETRY),
    (stripe.APIConnectionError, "We could not reach the card payment service. " + RETRY),
    (stripe.AuthenticationError, "Online payments are not set up correctly (the Stripe key was refused). " + RETRY),
    (stripe.InvalidRequestError, "The card payment service refused the request: {detail}"),
]


def stripe_client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def call_stripe(call: Callable[[stripe.StripeClient], T], *, what: str) -> T:
    """Run `call` with the client; any Stripe error becomes StripeUnavailable with a clear message."""
    try:
        return call(stripe_client())
    except stripe.StripeError as error:
        log.warning("Stripe %s failed: %s (%s)", what, type(error).__name__, error.user_message or error)
        detail = error.user_message or "please check the details and try again."
        for kind, message in MESSAGES:
            if isinstance(error, kind):
                raise StripeUnavailable(message.format(detail=detail)) from error
        raise StripeUnavailable("The card payment service answered with an error. " + RETRY) from error


def pence(amount) -> int:
    """GBP Decimal → integer pence (amounts in the ledger have two places; nothing is rounded here)."""
    value = amount * 100
    if value != value.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of pence")
    return int(value)
