"""A client's money across their quotes, for the records client page and the portal: three queries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from quotes.models import Quote

from ..models import LedgerEntry, Receipt
from .balance import Balance, balances_for


@dataclass
class QuoteMoney:
    quote: Quote
    balance: Balance
    receipts: list[Receipt] = field(default_factory=list)


def money_of_client(*, client_id: int) -> list[QuoteMoney]:
    """Accepted quotes, and any other with money recorded against it (a refund after a decline), newest first."""
    has_entries = Exists(LedgerEntry.objects.filter(quote_id=OuterRef("pk")))
    quotes = list(
        Quote.objects.filter(client_id=client_id)
        .filter(Q(status=Quote.Status.ACCEPTED) | Q(has_entries))
        .order_by("-pk")
    )
    if not quotes:
        return []
    balances = balances_for([q.pk for q in quotes])
    receipts: dict[int, list[Receipt]] = {}
    for receipt in (
        Receipt.objects.filter(entry__quote__in=quotes).select_related("entry").order_by("-year", "-sequence")
    ):
        receipts.setdefault(receipt.entry.quote_id, []).append(receipt)
    return [QuoteMoney(q, balances[q.pk], receipts.get(q.pk, [])) for q in quotes if q.pk in balances]
