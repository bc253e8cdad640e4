from decimal import Decimal

from django import template

from ..pricing import pennies

register = template.Library()


@register.filter
def gbp(amount) -> str:
    """Decimal('1250') → '£1,250.00' (the one place money is formatted for people)."""
    if amount is None or amount == "":
        return ""
    value = pennies(amount if isinstance(amount, Decimal) else Decimal(str(amount)))
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"
