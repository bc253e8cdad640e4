from django import template
from django.utils.safestring import SafeString, mark_safe

from frontdesk.reports.html import table_html

register = template.Library()


@register.simple_tag
def report_table(table, querystring: str) -> SafeString:
    return mark_safe(table_html(table, querystring=querystring))  # noqa: S308 (every value in it is escaped)
