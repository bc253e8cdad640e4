from django import template

from clinic.money import format_gbp

register = template.Library()


@register.filter
def gbp(amount) -> str:
    """Decimal('1250') → '£1,250.00' (money is shown one way: `clinic.money.format_gbp`)."""
    return format_gbp(amount)
