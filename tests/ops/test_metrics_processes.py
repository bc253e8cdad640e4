"""/metrics across processes: the latency middleware only where enabled, and gunicorn's several workers
adding up in prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR)."""

import subprocess
import sys

import pytest

from tests import integration_support
from tests.test_entry_points import clean_environment

pytestmark = pytest.mark.django_db

SETUP = """
import django
django.setup()
from django.conf import settings
"""
# One gunicorn worker's share: requests answered through the middleware, counted in its own file.
ANSWER = (
    SETUP
    + """
import sys
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from ops.metrics.middleware import RequestMetricsMiddleware

def view(request):
    request.resolver_match = resolve(request.path)
    return HttpResponse("ok")

middleware = RequestMetricsMiddleware(view)
for _ in range(int(sys.argv[1])):
    middleware(RequestFactory().get("/healthz/"))
"""
)
SCRAPE = (
    SETUP
    + """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken")
assert response.status_code == 200, response.status_code
print(response.content.decode())
"""
)


def run(code: str, *args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=integration_support.ROOT,
        env=clean_environment(DJANGO_SETTINGS_MODULE="clinic.settings.test", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_latency_middleware_is_installed_only_when_metrics_are_enabled():
    show = SETUP + "print(settings.MIDDLEWARE[0], len(settings.MIDDLEWARE))"
    enabled, enabled_count = run(show, METRICS_ENABLED="true").split()
    default, default_count = run(show).split()
    assert enabled == "ops.metrics.middleware.RequestMetricsMiddleware"  # outermost: the whole request
    assert default != enabled and int(enabled_count) == int(default_count) + 1


def test_in_multiprocess_mode_a_scrape_adds_up_every_process(tmp_path):
    env = {
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "METRICS_ENABLED": "true",
        "METRICS_TOKEN": "t0ken",
        "DATABASE_URL": integration_support.test_database_url(),
    }
    run(ANSWER, "3", **env)
    run(ANSWER, "4", **env)
    assert len(list(tmp_path.glob("*.db"))) >= 2  # a file per process
    text = run(SCRAPE, **env)  # a third process answers the scrape
    line = 'clinic_http_request_duration_seconds_count{method="GET",status="200",view="healthz"} 7.0'
    assert line in text.splitlines(), text
    assert "clinic_outbox_due" in text  # and the database figures beside them
