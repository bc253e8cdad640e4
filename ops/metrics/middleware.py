"""Request latency by view, for Prometheus. Installed only when METRICS_ENABLED (clinic/settings/base.py).

Under gunicorn's several processes each one counts its own requests; with PROMETHEUS_MULTIPROC_DIR set
(before the process starts) prometheus_client keeps the counts in files there, and a scrape answered by
any process adds up all of them (ops/metrics/registry.py).
"""

import time

from prometheus_client import Histogram

# Labelled with the resolved view's name, never the raw path: a bounded set, and no ids in a label.
REQUEST_LATENCY = Histogram(
    "clinic_http_request_duration_seconds",
    "Time to answer a request, by view (its URL name), method and status code.",
    ["view", "method", "status"],
    registry=None,  # registered per scrape (registry.py), in the right mode
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNRESOLVED = "<unresolved>"  # a 404 before any view, or a file whitenoise served


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        REQUEST_LATENCY.labels(
            view=match.view_name if match else UNRESOLVED,
            method=request.method if request.method in METHODS else "other",
            status=str(response.status_code),
        ).observe(time.perf_counter() - started)
        return response
