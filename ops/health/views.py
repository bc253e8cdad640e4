from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .report import health_report


@never_cache
@require_safe
def health(request):
    """Readiness for monitors and load balancers: 503 when a required component is down, else 200."""
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)
