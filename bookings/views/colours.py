"""Artists' calendar colours as a stylesheet: the CSP allows no inline style attributes."""

import re

from django.http import HttpResponse
from django.views.decorators.cache import cache_control

from clinic.access import team_required

from ..models import Artist

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")  # also a database constraint; checked again before it becomes CSS


@team_required
@cache_control(private=True, max_age=60)
def artist_colours(request):
    rules = [
        f".artist-colour-{pk} {{ background-color: {colour}; }}\n"
        for pk, colour in Artist.objects.order_by("pk").values_list("pk", "calendar_colour")
        if HEX_COLOUR.fullmatch(colour)
    ]
    return HttpResponse("".join(rules), content_type="text/css; charset=utf-8")
