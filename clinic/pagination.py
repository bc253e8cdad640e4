"""A queryset's first page and the count of all its rows in one query (COUNT(*) OVER ()), for busy lists.

Django's Paginator counts in a query of its own before it reads the page; on the client search that count,
built and compiled by the ORM, was a fifth of the request (profiled, issue 16). Later pages, and a first page
that is empty, take Django's way: what it does with a page past the end is kept.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

_TOTAL = "page_counted_total"


def get_page(queryset: QuerySet, number, per_page: int) -> Page:
    paginator = Paginator(queryset, per_page)
    if str(number or "1") != "1":
        return paginator.get_page(number)
    rows = list(queryset.annotate(**{_TOTAL: Window(Count("pk"))})[:per_page])
    if not rows:
        return paginator.get_page(1)
    paginator.count = getattr(rows[0], _TOTAL)  # the cached property, set: no count query
    return Page(rows, 1, paginator)
