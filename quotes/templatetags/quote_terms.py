"""`{% quote_terms %}` and `{% quote_next_steps quote as steps %}`: the words from quotes/terms.py."""

from django import template

from .. import terms

register = template.Library()


@register.simple_tag
def quote_terms() -> str:
    return terms.terms_text()


@register.simple_tag
def quote_next_steps(quote) -> list[terms.NextStep]:
    return terms.next_steps(quote)
