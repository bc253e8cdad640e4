"""Staff refunds of a card payment made online: through Stripe's API, recorded from its answer.

The refund's id is the ledger reference, so the `charge.refunded` webhook that follows finds it recorded
and records nothing twice. The quote stays locked from the check to the record: two staff refunding at
once are served one after the other, and the webhook for the refund waits for the record.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from clinic.money import format_gbp
from payments import online
from payments.errors import RefundTooLarge
from payments.models import LedgerEntry
from payments.services.ledger import Recorded, check_amount, record_refund, refundable
from quotes.models import Quote

from .api import call_stripe, pence
from .errors import NotAnOnlinePayment, OnlinePaymentsOff
from .recording import CARD_ONLINE, from_pence


@dataclass(frozen=True)
class RefundRequest:
    payment: LedgerEntry
    pence: int
    key: str


def lock_online_payment(payment_id: int) -> LedgerEntry:
    """The online card payment, its quote locked (call inside a transaction)."""
    payment = LedgerEntry.objects.filter(pk=payment_id).first()
    if payment is None or payment.kind not in ("deposit", "payment") or payment.method != CARD_ONLINE:
        raise NotAnOnlinePayment("Only a card payment made online can be refunded through Stripe.")
    Quote.objects.select_for_update().filter(pk=payment.quote_id).first()
    return payment


def check_refund(*, payment: LedgerEntry, amount: Decimal, idempotency_key: str | None) -> RefundRequest:
    """Check the refund fits what is left of the payment (under the quote's lock)."""
    amount = check_amount(amount)
    left = refundable(payment)
    if amount > left:
        raise RefundTooLarge(
            f"Only {format_gbp(left)} of that payment is left to refund."
            if left
            else "That payment has been refunded in full already."
        )
    # Without a form's one-time key: the same refund of the same payment (same amount, same refunds
    # before it) has the same key, so a retry after a timeout or a 429 refunds once at Stripe. A form
    # sent twice is recognised by its own key (pass the form's one-time key as `idempotency_key`).
    count = LedgerEntry.objects.filter(refunds=payment).count()
    key = idempotency_key or f"refund-{payment.pk}-{count}-{pence(amount)}"
    return RefundRequest(payment=payment, pence=pence(amount), key=key)


def refund_online(
    *, payment_id: int, amount: Decimal, by=None, note: str = "", idempotency_key: str | None = None
) -> Recorded:
    """Refund `amount` of an online card payment at Stripe, then record it (reference: the refund id).

    Raises OnlinePaymentsOff, NotAnOnlinePayment, AmountNotValid, RefundTooLarge, StripeUnavailable (nothing refunded or
    recorded; trying again is safe: the same key reaches the same refund).
    """
    if not online.enabled():
        raise OnlinePaymentsOff(
            "Online payments are turned off, so this card payment can't be refunded through Stripe."
        )
    with transaction.atomic():
        payment = lock_online_payment(payment_id)
        if idempotency_key and (earlier := LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()):
            return Recorded(earlier, created=False)  # the same form sent twice: Stripe is not asked again
        request = check_refund(payment=payment, amount=amount, idempotency_key=idempotency_key)
        params = {
            "payment_intent": request.payment.reference,
            "amount": request.pence,
            "metadata": {"ledger_payment": str(request.payment.pk)},
        }
        refund = call_stripe(
            lambda c: c.v1.refunds.create(params=params, options={"idempotency_key": request.key}), what="refund"
        )
        return record_refund(
            payment_id=request.payment.pk,
            amount=from_pence(refund.amount),
            reference=refund.id,
            by=by,
            note=note or "Refunded through Stripe",
            idempotency_key=idempotency_key,
        )
