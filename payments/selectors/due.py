"""Balances in SQL, for lists that filter or sort by them (the staff home's "balances outstanding")."""

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from quotes.models import Quote

from ..models import EntryKind, LedgerEntry

MONEY = DecimalField(max_digits=11, decimal_places=2)


def _sum_of(*kinds: str) -> Coalesce:
    entries = (
        LedgerEntry.objects.filter(quote_id=OuterRef("pk"), kind__in=kinds)
        .order_by()
        .values("quote_id")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(entries, output_field=MONEY), Value(Decimal("0.00")), output_field=MONEY)


def with_outstanding(quotes: QuerySet[Quote]) -> QuerySet[Quote]:
    """`quotes` annotated with `outstanding` = total − deposits and payments + refunds + fees − write-offs."""
    return quotes.annotate(
        outstanding=F("total")
        - _sum_of(EntryKind.DEPOSIT, EntryKind.PAYMENT, EntryKind.WRITE_OFF)
        + _sum_of(EntryKind.REFUND, EntryKind.FEE)
    )
