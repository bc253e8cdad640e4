"""Links: absolute ones for e-mails, texts and calendar files (pages use relative ones), and link makers for
long lists.

A link maker reverses a URL pattern once per list and fills in every row's id: reverse() walks the resolver each
time, and for the two days of a busy clinic (500 rows, a few links each: the appointment, the client, the outcome
form and the flags' own) it was the largest part of the home page's Python, and a third of the calendar grid's.
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

_MARK = 918273645  # an id no row has, replaced by each row's


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def link_maker(name: str) -> Callable[[int], str]:
    """pk → the URL of `name` with that one integer argument, as reverse() would give it."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))  # a pattern naming the id twice fails here
    return lambda pk: f"{head}{int(pk)}{tail}"
