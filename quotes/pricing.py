"""Quote arithmetic (pure, no database): price-list lines → band → VAT → deposit, in Decimal pence.

All rounding is half-up to the penny, in one function (`clinic.money.pennies`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from clinic.money import pennies


@dataclass(frozen=True)
class Band:
    minimum: Decimal
    maximum: Decimal

    def clamp(self, amount: Decimal) -> Decimal:
        return min(max(amount, self.minimum), self.maximum)

    def contains(self, amount: Decimal) -> bool:
        return self.minimum <= amount <= self.maximum


@dataclass(frozen=True)
class Vat:
    registered: bool
    rate: Decimal  # e.g. Decimal("0.20")


@dataclass(frozen=True)
class Deposit:
    percent: Decimal | None = None  # e.g. Decimal("20") for 20 %
    fixed: Decimal | None = None

    def of(self, total: Decimal) -> Decimal:
        if self.fixed is not None:
            return min(pennies(self.fixed), total)
        return pennies(total * (self.percent or Decimal(0)) / Decimal(100))


@dataclass(frozen=True)
class Line:
    description: str
    amount: Decimal


@dataclass(frozen=True)
class Breakdown:
    lines: list[Line]
    computed: Decimal  # the sum of the lines
    adjustment: Decimal  # what the band (or a manual price) added or took away
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    deposit: Decimal
    notes: list[str] = field(default_factory=list)


def price(
    *, lines: list[Line], band: Band, vat: Vat, deposit: Deposit, manual_subtotal: Decimal | None = None
) -> Breakdown:
    """Sum the lines, keep the result inside the clinic's band (a manual price may leave it: the caller
    checks who may do that), add VAT when registered, and work out the deposit on the total."""
    computed = pennies(sum((line.amount for line in lines), Decimal(0)))
    notes = []
    if manual_subtotal is not None:
        subtotal = pennies(manual_subtotal)
        notes.append("Price set by the clinic.")
    else:
        subtotal = pennies(band.clamp(computed))
        if subtotal != computed:
            notes.append(f"Adjusted to the clinic's {'minimum' if subtotal > computed else 'maximum'} price.")
    vat_amount = pennies(subtotal * vat.rate) if vat.registered else Decimal("0.00")
    total = subtotal + vat_amount
    return Breakdown(
        lines=lines,
        computed=computed,
        adjustment=subtotal - computed,
        subtotal=subtotal,
        vat=vat_amount,
        total=total,
        deposit=deposit.of(total),
        notes=notes,
    )
