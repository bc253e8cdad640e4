"""What one scrape reports: request latency (this process's, or every process's in multiprocess mode) and
the database figures."""

import os

from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from .figures import DatabaseFigures
from .middleware import REQUEST_LATENCY


def scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # the files every gunicorn worker writes its counts to
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseFigures())
    return registry
