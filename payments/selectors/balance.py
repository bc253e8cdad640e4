"""What a client owes on a quote: total − money in + refunds + fees − write-offs, summed in the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from quotes.models import Quote

from ..models import EntryKind, LedgerEntry

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Balance:
    total: Decimal
    deposit: Decimal  # what the quote asks for to secure session 1
    paid: Decimal  # deposits and payments
    refunded: Decimal
    fees: Decimal
    written_off: Decimal

    @property
    def net_paid(self) -> Decimal:
        return self.paid - self.refunded

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid + self.refunded + self.fees - self.written_off

    @property
    def deposit_outstanding(self) -> Decimal:
        return max(ZERO, self.deposit - self.net_paid)

    @property
    def deposit_paid(self) -> bool:
        return self.deposit_outstanding == ZERO

    @property
    def settled(self) -> bool:
        return self.outstanding <= ZERO


def _sum(*kinds) -> Coalesce:
    return Coalesce(
        Sum("amount", filter=Q(kind__in=kinds)), Value(ZERO), output_field=DecimalField(max_digits=11, decimal_places=2)
    )


SUMS = {
    "paid": _sum(EntryKind.DEPOSIT, EntryKind.PAYMENT),
    "refunded": _sum(EntryKind.REFUND),
    "fees": _sum(EntryKind.FEE),
    "written_off": _sum(EntryKind.WRITE_OFF),
}


def balances_for(quote_ids) -> dict[int, Balance]:
    """{quote id: its Balance} for the given quotes, in two queries whatever their number."""
    quote_ids = list(quote_ids)
    if not quote_ids:
        return {}
    sums = {
        row.pop("quote_id"): row
        for row in LedgerEntry.objects.filter(quote_id__in=quote_ids).values("quote_id").annotate(**SUMS).order_by()
    }
    empty = dict.fromkeys(SUMS, ZERO)
    return {
        pk: Balance(total=total, deposit=deposit, **sums.get(pk, empty))
        for pk, total, deposit in Quote.objects.filter(pk__in=quote_ids).values_list("pk", "total", "deposit")
    }


def balance_of(quote: Quote) -> Balance:
    """One quote's balance (one query: the quote's own total and deposit are on the object)."""
    sums = LedgerEntry.objects.filter(quote_id=quote.pk).aggregate(**SUMS)
    return Balance(total=quote.total, deposit=quote.deposit, **sums)
