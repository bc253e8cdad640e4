"""Links for long lists: each URL pattern is reversed once per list, then filled in with every row's id.

reverse() walks the resolver each time; for the two days of a busy clinic (500 rows, three links each) that was
the largest part of the home page's Python."""

from collections.abc import Callable

from django.urls import reverse

_MARK = 918273645  # an id no row has, replaced by each row's


def link_maker(name: str) -> Callable[[int], str]:
    """pk → the URL of `name` with that one integer argument, as reverse() would give it."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))  # a pattern naming the id twice fails here
    return lambda pk: f"{head}{pk}{tail}"
