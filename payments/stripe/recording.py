"""What the webhook records in the ledger: a paid Checkout Session, and a charge's refunds.

Only verified events reach here (webhook.py). Amounts come from Stripe in pence; the ledger's own
guarantees (a reference recorded once, refunds never over the payment) make a repeat harmless.
"""

import logging
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from payments.models import LedgerEntry
from payments.services.ledger import record_payment, record_refund
from quotes.models import Quote

from .api import call_stripe
from .errors import StripeUnavailable
from .models import CheckoutAttempt

log = logging.getLogger(__name__)
CARD_ONLINE = "card_online"
NOT_REFUNDED = {"failed", "canceled"}  # a refund in any other state (pending, succeeded) has left the clinic


class TryLater(Exception):
    """Stripe's API could not be asked now: the event is not stored, so Stripe's redelivery retries it."""


def lock_payment_intent(intent: str) -> None:
    """Events about one payment intent take turns until their transaction ends (a PostgreSQL advisory lock).

    Without it a refund event could look for its payment while the checkout event's transaction is still
    recording it, then be stored as waiting just after that transaction looked for waiting events: it would
    wait for ever. Taking turns, the refund either sees the payment or is seen waiting by the checkout.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"stripe-payment-intent:{intent}"])


def from_pence(value) -> Decimal:
    return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


def quote_of(metadata: dict) -> Quote | None:
    try:
        public_id = uuid.UUID(str(metadata.get("quote_public_id", "")))
    except ValueError:
        return None
    quote = Quote.objects.filter(public_id=public_id).first()
    if quote is None or quote.number != metadata.get("quote_number", quote.number):
        return None
    return quote


def record_checkout(*, event_id: str, session: dict, on_recorded: Callable[..., None]) -> str:
    """A paid Checkout Session → one deposit or payment entry (reference: the payment intent)."""
    if session.get("payment_status") != "paid":
        return "not paid yet: nothing recorded"
    metadata = session.get("metadata") or {}
    quote = quote_of(metadata)
    if quote is None:
        log.error("Stripe checkout %s names no quote of ours (%s)", session.get("id"), metadata)
        return "unknown quote: nothing recorded"
    intent = session.get("payment_intent") or ""
    if str(session.get("currency", "")).lower() != "gbp" or not intent or session.get("amount_total") is None:
        log.error("Stripe checkout %s for %s is not a GBP card payment", session.get("id"), quote.number)
        return "not a GBP payment: nothing recorded"
    lock_payment_intent(intent)
    kind = "deposit" if metadata.get("purpose") == CheckoutAttempt.Purpose.DEPOSIT else "payment"
    recorded = record_payment(
        quote_id=quote.pk,
        amount=from_pence(session["amount_total"]),
        method=CARD_ONLINE,
        kind=kind,
        reference=intent,
        idempotency_key=event_id,
        note=f"Paid online (Stripe Checkout {session.get('id', '')})",
    )
    mark_attempt_paid(quote=quote, metadata=metadata, session=session, intent=intent)
    on_recorded(payment_intent=intent)
    entry = recorded.entry
    return f"{'recorded' if recorded.created else 'already recorded'}: {entry.kind} {entry.amount} (entry {entry.pk})"


def mark_attempt_paid(*, quote: Quote, metadata: dict, session: dict, intent: str) -> None:
    try:
        key = uuid.UUID(str(metadata.get("attempt", "")))
    except ValueError:
        return
    CheckoutAttempt.objects.filter(quote=quote, key=key).update(
        status=CheckoutAttempt.Status.PAID,
        session_id=session.get("id") or "",
        payment_intent=intent,
        paid_at=timezone.now(),
    )


def refunds_of(charge: dict) -> list[dict]:
    """The charge's refunds: in the event where Stripe includes them, else asked of the API."""
    included = (charge.get("refunds") or {}).get("data")
    if included is not None and not (charge.get("refunds") or {}).get("has_more"):
        return included
    try:
        listed = call_stripe(
            lambda c: c.v1.refunds.list(params={"charge": charge["id"], "limit": 100}), what="refund list"
        )
    except StripeUnavailable as error:
        raise TryLater(error.message) from error
    return [refund.to_dict() for refund in listed.data]


def record_charge_refunds(*, charge: dict) -> str | None:
    """Each refund of the charge not yet in the ledger → a refund entry; None while its payment isn't there."""
    intent = charge.get("payment_intent") or ""
    if not intent:
        return "no payment intent: nothing recorded"
    lock_payment_intent(intent)
    payment = LedgerEntry.objects.filter(reference=intent, kind__in=["deposit", "payment"]).first()
    if payment is None:
        return None
    outcomes = []
    for refund in refunds_of(charge):
        if refund.get("status") in NOT_REFUNDED:
            continue
        recorded = record_refund(
            payment_id=payment.pk,
            amount=from_pence(refund["amount"]),
            reference=refund["id"],
            note="Refunded through Stripe",
        )
        outcomes.append(f"{refund['id']} {'recorded' if recorded.created else 'already recorded'}")
    return "refunds: " + (", ".join(outcomes) or "none")


def expire_checkout(*, session: dict) -> str:
    """An unpaid Checkout page expired: its attempt is not offered again."""
    updated = CheckoutAttempt.objects.filter(session_id=session.get("id") or "", status="open").update(
        status=CheckoutAttempt.Status.EXPIRED
    )
    return "attempt expired" if updated else "no open attempt for this session"
