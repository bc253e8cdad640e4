"""How much of a quote's deposit still stands: money in, less refunds, less deposits forfeited (not waived).

A forfeit is a fee equal to the deposit paid, so the money stays in the ledger as paid while the fee
puts the same sum back on the balance: after a forfeit the client owes the quote's full total again
(`Balance.outstanding` = total − paid + refunds + fees − write-offs), and the deposit no longer counts
towards session 1. A waiver (a write-off of the fee) makes it count again.
"""

from decimal import Decimal

from django.db.models import Sum

from quotes.models import Quote

from ..selectors.balance import Balance, balance_of, balances_for
from .models import Outcome, PolicyDecision

ZERO = Decimal("0.00")


def forfeited_for(quote_ids) -> dict[int, Decimal]:
    """{quote id: deposits forfeited and not waived} in one query."""
    rows = (
        PolicyDecision.objects.filter(quote_id__in=list(quote_ids), outcome=Outcome.FORFEIT, waived_at__isnull=True)
        .values("quote_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["quote_id"]: row["total"] for row in rows}


def standing_deposit(balance: Balance, forfeited: Decimal) -> Decimal:
    """The money in hand that still counts as the deposit (never more than the deposit asked for)."""
    return max(ZERO, min(balance.deposit, balance.net_paid - forfeited))


def deposit_secured(balance: Balance, forfeited: Decimal) -> bool:
    """Session 1 is secured: the deposit asked for is in hand and not forfeited (a £0 deposit always is)."""
    return balance.net_paid - forfeited >= balance.deposit


def deposit_state(quote: Quote) -> tuple[Balance, Decimal]:
    """The quote's balance and its forfeited deposits (two queries)."""
    return balance_of(quote), forfeited_for([quote.pk]).get(quote.pk, ZERO)


def deposit_states(quote_ids) -> dict[int, tuple[Balance, Decimal]]:
    """`deposit_state` for many quotes in three queries."""
    balances = balances_for(quote_ids)
    forfeited = forfeited_for(balances)
    return {pk: (balance, forfeited.get(pk, ZERO)) for pk, balance in balances.items()}
