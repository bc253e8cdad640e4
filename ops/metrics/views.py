import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .access import scrape_allowed
from .registry import scrape_registry

log = logging.getLogger(__name__)


@never_cache
@require_safe
def metrics(request):
    """Prometheus text format. Disabled, or a missing or wrong token or address: 404, as for any unknown
    page, so a scanner learns nothing of whether metrics exist here (the refusal is logged)."""
    if not settings.METRICS_ENABLED:
        raise Http404
    if not scrape_allowed(request):
        log.info("metrics scrape refused: no valid token or address not allowed")
        raise Http404
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
