from django import template

from ..phone import display_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+447911123456 → 07911 123456 (other countries keep their international form)."""
    return display_phone(value)
