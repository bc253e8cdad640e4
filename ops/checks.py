"""System checks of the operations settings: a typo in them shows at start, not as a 500 at the first scrape."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def metrics_settings(app_configs, **kwargs):
    problems = []
    for network in settings.METRICS_ALLOWED_IPS:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            problems.append(
                Error(f"METRICS_ALLOWED_IPS: {network!r} is not an address or a CIDR network.", id="ops.E001")
            )
    if settings.METRICS_ENABLED and not (settings.METRICS_TOKEN or settings.METRICS_ALLOWED_IPS):
        problems.append(
            Warning(
                "METRICS_ENABLED without METRICS_TOKEN or METRICS_ALLOWED_IPS: every scrape is refused (404).",
                id="ops.W001",
            )
        )
    return problems
