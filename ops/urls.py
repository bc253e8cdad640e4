"""Operations endpoints for monitors (health, metrics): no personal data in any of them."""

from django.urls import path

from .health.views import health
from .metrics.views import metrics

urlpatterns = [
    path("health/", health, name="health"),
    path("metrics", metrics, name="metrics"),  # Prometheus's default path, no slash
]
