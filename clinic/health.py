"""Liveness probe for the load balancer: answers without touching the database or the cache."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def live(request):
    # Also the ceiling in benchmarks/load.py: the cheapest request that still runs every middleware.
    return HttpResponse("ok", content_type="text/plain")
