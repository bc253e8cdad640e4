"""What a client can pay online now, per accepted quote (for the quote page and the portal)."""

from dataclasses import dataclass
from decimal import Decimal

from payments import online
from payments.selectors.balance import balances_for
from quotes.models import Quote

from .models import CheckoutAttempt


@dataclass(frozen=True)
class PayOptions:
    deposit_due: Decimal  # 0 once the deposit is paid
    balance_due: Decimal


def pay_options(quotes) -> dict[int, PayOptions]:
    """{quote id: what can be paid online} for the accepted quotes with something left to pay (one query)."""
    if not online.enabled():
        return {}
    accepted = [q.pk for q in quotes if q.status == Quote.Status.ACCEPTED]
    balances = balances_for(accepted) if accepted else {}
    return {
        pk: PayOptions(deposit_due=max(b.deposit_outstanding, Decimal("0")), balance_due=b.outstanding)
        for pk, b in balances.items()
        if b.outstanding > 0
    }


def attempt_for(quote: Quote, key: str | None) -> CheckoutAttempt | None:
    """The attempt the return page is about: the one named, or the quote's latest."""
    attempts = CheckoutAttempt.objects.filter(quote=quote)
    if key:
        return attempts.filter(key=key).first()
    return attempts.exclude(status=CheckoutAttempt.Status.NEW).first()
