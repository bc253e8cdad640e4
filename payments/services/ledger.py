"""Recording money: payments and deposits, refunds, fees and write-offs, each one new ledger row.

Every write locks the quote's row first (`check_*` then `do_*` under that lock, Zulip-style), so two
people recording against one quote at once are served one after the other and each sees the other's
entry: the balance is never wrong and a refund never exceeds what it gives back (the database checks
that too). A repeated submission — the same one-time form key, the same provider reference or event
id — finds the first entry and records nothing (`Recorded.created` is False).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from clinic.money import format_gbp, pennies
from quotes.models import Quote

from ..errors import AmountNotValid, AmountOverBalance, QuoteNotPayable, ReferenceClash, RefundTooLarge
from ..hooks import entry_recorded
from ..models import MONEY_IN, EntryKind, LedgerEntry, Method
from ..selectors.balance import balance_of
from .receipts import number_receipt


@dataclass(frozen=True)
class Recorded:
    entry: LedgerEntry
    created: bool


def check_amount(amount) -> Decimal:
    """A positive sum of pounds with at most two decimal places (never float)."""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise AmountNotValid("Enter an amount in pounds, e.g. 260 or 260.50.") from None
    if not value.is_finite() or value <= 0:
        raise AmountNotValid("An amount must be more than £0.00.")
    if pennies(value) != value:
        raise AmountNotValid("An amount has at most two decimal places (whole pennies).")
    return value


def _lock_payable(quote_id: int) -> Quote:
    quote = Quote.objects.select_for_update().filter(pk=quote_id).first()
    if quote is None or quote.status != Quote.Status.ACCEPTED:
        raise QuoteNotPayable("Payments are recorded against an accepted quote.")
    return quote


def _earlier(*, idempotency_key: str | None, reference: str) -> LedgerEntry | None:
    if idempotency_key and (found := LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()):
        return found
    if reference:
        return LedgerEntry.objects.filter(reference=reference).first()
    return None


def _same_or_clash(earlier: LedgerEntry, entry: LedgerEntry) -> Recorded:
    if (earlier.quote_id, earlier.kind, earlier.amount, earlier.refunds_id) != (
        entry.quote_id,
        entry.kind,
        entry.amount,
        entry.refunds_id,
    ):
        raise ReferenceClash(
            f"That reference is already recorded: {earlier.get_kind_display().lower()} of "
            f"{format_gbp(earlier.amount)} on {earlier.recorded_at:%d/%m/%Y}."
        )
    return Recorded(earlier, created=False)


def _record(entry: LedgerEntry) -> Recorded:
    """Insert under the quote's lock; a repeat (same key or reference) returns the first entry."""
    if earlier := _earlier(idempotency_key=entry.idempotency_key, reference=entry.reference):
        return _same_or_clash(earlier, entry)
    entry.full_clean(validate_constraints=False)  # the unique ones race: the insert below decides
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Another quote's entry took the same reference or key between our look and our insert.
        if earlier := _earlier(idempotency_key=entry.idempotency_key, reference=entry.reference):
            return _same_or_clash(earlier, entry)
        raise
    number_receipt(entry)
    entry_recorded.send(sender=LedgerEntry, entry_id=entry.pk, quote_id=entry.quote_id, kind=entry.kind)
    return Recorded(entry, created=True)


def _entry(quote: Quote, kind: str, amount: Decimal, method: str, *, now, **fields) -> LedgerEntry:
    return LedgerEntry(
        quote=quote, kind=kind, amount=amount, method=method, recorded_at=now or timezone.now(), **fields
    )


@transaction.atomic
def record_payment(
    *,
    quote_id: int,
    amount,
    method: str,
    kind: str = EntryKind.PAYMENT,
    reference: str = "",
    by=None,
    note: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Money in: a deposit or a payment, never more than what is still owed."""
    if kind not in MONEY_IN:
        raise ValueError(f"record_payment records deposits and payments, not {kind}")
    if method == Method.NONE:
        raise AmountNotValid("Say how it was paid.", field="method")
    value = check_amount(amount)
    quote = _lock_payable(quote_id)
    entry = _entry(
        quote,
        kind,
        value,
        method,
        now=now,
        reference=reference.strip(),
        recorded_by=by,
        note=note,
        idempotency_key=idempotency_key,
    )
    if earlier := _earlier(idempotency_key=idempotency_key, reference=entry.reference):
        return _same_or_clash(earlier, entry)
    outstanding = balance_of(quote).outstanding
    if value > outstanding:
        raise AmountOverBalance(
            f"That's more than the {format_gbp(max(outstanding, Decimal(0)))} still to pay on {quote.number}."
        )
    return _record(entry)


@transaction.atomic
def record_refund(
    *,
    payment_id: int,
    amount,
    reference: str = "",
    by=None,
    note: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Money given back on one deposit or payment, by the way it came (never more than is left of it)."""
    value = check_amount(amount)
    quote_id = LedgerEntry.objects.filter(pk=payment_id, kind__in=MONEY_IN).values_list("quote_id", flat=True).first()
    if quote_id is None:
        raise RefundTooLarge("Only a recorded deposit or payment can be refunded.")
    quote = Quote.objects.select_for_update().get(pk=quote_id)  # refunds stay possible after a plan ends
    payment = LedgerEntry.objects.get(pk=payment_id)
    entry = _entry(
        quote,
        EntryKind.REFUND,
        value,
        payment.method,
        now=now,
        refunds=payment,
        reference=reference.strip(),
        recorded_by=by,
        note=note,
        idempotency_key=idempotency_key,
    )
    if earlier := _earlier(idempotency_key=idempotency_key, reference=entry.reference):
        return _same_or_clash(earlier, entry)
    left = refundable(payment)
    if value > left:
        raise RefundTooLarge(
            f"Only {format_gbp(left)} of that {payment.get_kind_display().lower()} is left to refund."
            if left
            else f"That {payment.get_kind_display().lower()} has been refunded in full already."
        )
    return _record(entry)


def refundable(payment: LedgerEntry) -> Decimal:
    given_back = LedgerEntry.objects.filter(refunds=payment).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return payment.amount - given_back


@transaction.atomic
def record_fee(
    *, quote_id: int, amount, note: str, by=None, idempotency_key: str | None = None, now: datetime | None = None
) -> Recorded:
    """A charge on top of the quote (a late cancellation, a no-show, a forfeited deposit)."""
    value = check_amount(amount)
    quote = _lock_payable(quote_id)
    entry = _entry(
        quote, EntryKind.FEE, value, Method.NONE, now=now, note=note, recorded_by=by, idempotency_key=idempotency_key
    )
    return _record(entry)


@transaction.atomic
def write_off(
    *, quote_id: int, amount, reason: str, by, idempotency_key: str | None = None, now: datetime | None = None
) -> Recorded:
    """A manager forgives part or all of what is owed, with a reason (the view checks the role)."""
    if not reason.strip():
        raise AmountNotValid("Say why the balance is written off.", field="reason")
    value = check_amount(amount)
    quote = _lock_payable(quote_id)
    if idempotency_key and (earlier := LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()):
        return _same_or_clash(earlier, LedgerEntry(quote=quote, kind=EntryKind.WRITE_OFF, amount=value))
    outstanding = balance_of(quote).outstanding
    if value > outstanding:
        raise AmountOverBalance(f"Only {format_gbp(max(outstanding, Decimal(0)))} is outstanding on {quote.number}.")
    entry = _entry(
        quote,
        EntryKind.WRITE_OFF,
        value,
        Method.NONE,
        now=now,
        note=reason.strip(),
        recorded_by=by,
        idempotency_key=idempotency_key,
    )
    return _record(entry)
