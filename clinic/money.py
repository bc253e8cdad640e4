"""Money: Decimal pounds rounded to the penny in one place, and shown one way (£1,250.00)."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def pennies(amount: Decimal) -> Decimal:
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be Decimal, not {type(amount).__name__}")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_gbp(amount) -> str:
    """Decimal('1250') → '£1,250.00'; what the `gbp` template filter shows, for text built in Python."""
    if amount is None or amount == "":
        return ""
    value = pennies(amount if isinstance(amount, Decimal) else Decimal(str(amount)))
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"
