"""A quote's statement: every entry in the order it was recorded, with its receipt and the balance after it.

Three queries whatever the ledger holds: the quote, its entries (with receipts and the refunded entries'
receipts joined), and the balance.
"""

from dataclasses import dataclass
from decimal import Decimal

from quotes.models import Quote

from ..models import EntryKind, LedgerEntry, Receipt
from .balance import Balance, balance_of


@dataclass(frozen=True)
class StatementLine:
    entry: LedgerEntry
    receipt_number: str  # "" for fees and write-offs
    refunds_number: str  # a refund: the receipt of the payment it gives back
    balance_after: Decimal

    @property
    def description(self) -> str:
        return describe_entry(self.entry, self.refunds_number)

    @property
    def signed_amount(self) -> Decimal:
        return self.entry.signed_amount


@dataclass(frozen=True)
class Statement:
    quote: Quote
    lines: list[StatementLine]
    balance: Balance


def describe_entry(entry: LedgerEntry, refunds_number: str = "") -> str:
    """What an entry is, in the client's words: "Deposit", "Payment", "Refund of R-2026-0003"…"""
    if entry.kind == EntryKind.REFUND:
        return f"Refund of {refunds_number}" if refunds_number else "Refund"
    if entry.kind == EntryKind.WRITE_OFF:
        return "Balance written off"
    return entry.get_kind_display()


def _receipt_number(entry: LedgerEntry | None) -> str:
    if entry is None:
        return ""
    try:
        return entry.receipt.number
    except Receipt.DoesNotExist:
        return ""


def ledger_of(quote_id: int):
    return LedgerEntry.objects.filter(quote_id=quote_id).select_related("receipt", "refunds__receipt", "recorded_by")


def statement_for(*, quote: Quote) -> Statement:
    running = quote.total
    lines = []
    for entry in ledger_of(quote.pk).order_by("pk"):
        running += entry.signed_amount
        lines.append(StatementLine(entry, _receipt_number(entry), _receipt_number(entry.refunds), running))
    return Statement(quote=quote, lines=lines, balance=balance_of(quote))


def balance_after(entry: LedgerEntry) -> Decimal:
    """The quote's balance once `entry` (and every entry recorded before it) is counted (entries are
    recorded under the quote's row lock, so their ids are in the order they were recorded)."""
    total = entry.quote.total
    for earlier in LedgerEntry.objects.filter(quote_id=entry.quote_id, pk__lte=entry.pk).only("kind", "amount"):
        total += earlier.signed_amount
    return total
