"""Who may scrape /metrics: the bearer token (METRICS_TOKEN) and/or the networks (METRICS_ALLOWED_IPS).

Each rule that is set must pass; with neither set nobody may (metrics say how busy the clinic is).
"""

import ipaddress
import secrets

from django.conf import settings

from clinic.ratelimits import client_ip


def scrape_allowed(request) -> bool:
    token, networks = settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS
    if not token and not networks:
        return False
    if token and not _has_token(request, token):
        return False
    return not networks or _address_in(client_ip(request), networks)


def _has_token(request, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(given.strip().encode(), token.encode())


def _address_in(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)
