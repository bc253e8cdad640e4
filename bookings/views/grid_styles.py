"""The time grid's positions as a stylesheet: rows, spans and the now line's offset, one class each.

The CSP allows no style attributes, so the grid writes `row-start-N span-M` and this sheet says what they
mean. It depends on nothing but the step, so browsers may keep it for a day.
"""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control

from ..selectors.grid import DAY_MINUTES, STEP

ROWS = DAY_MINUTES // STEP


def _rules() -> str:
    rules = [f".row-start-{n} {{ grid-row-start: {n}; }}" for n in range(1, ROWS + 1)]
    rules += [f".span-{n} {{ grid-row-end: span {n}; }}" for n in range(1, ROWS + 1)]
    rules += [f".now-off-{m} {{ top: {m * 100 / STEP:.2f}%; }}" for m in range(STEP)]
    return "\n".join(rules) + "\n"


STYLESHEET = _rules()


@cache_control(public=True, max_age=86400)
def grid_styles(request):
    return HttpResponse(STYLESHEET, content_type="text/css; charset=utf-8")
