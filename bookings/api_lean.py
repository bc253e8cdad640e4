"""The availability endpoint's lean route (clinic/leanroutes.py): a plain `?date=YYYY-MM-DD` GET, anonymous.

The same answer as the API view (bookings/api.py, which stays the documented operation in the OpenAPI
schema), without django-ninja's per-request parsing and validation. Any other query — an artist, a service,
a date that isn't one — is not accepted here and goes to the API view, so every 400/422 is still ninja's.
"""

import re
from datetime import date

from .api import availability_response

PLAIN_QUERY = re.compile(r"date=(\d{4}-\d{2}-\d{2})", re.ASCII)


class AvailabilityRoute:
    def accepts(self, request) -> bool:
        request.lean_day = self._day(request)  # read once: the answer's own call takes it from here
        return request.lean_day is not None

    def __call__(self, request):
        day = request.__dict__.get("lean_day") or self._day(request)
        return availability_response(request, day=day, artist_id=None)

    @staticmethod
    def _day(request) -> date | None:
        if not (match := PLAIN_QUERY.fullmatch(request.META.get("QUERY_STRING", ""))):
            return None
        try:
            return date.fromisoformat(match[1])
        except ValueError:  # 2026-02-30: the API view's 422
            return None


availability = AvailabilityRoute()
