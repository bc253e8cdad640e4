"""Per-IP rate limits on public posts (booking, rescheduling, e-mail login links, logins), counted in the cache.

The cache is Redis. If it is unreachable the limit is not enforced for that request (and a warning is
logged): a clinic would rather take a booking during a Redis outage than refuse everyone. Logins are
still guarded then by the lockout (django-axes), which counts in PostgreSQL.
"""

import ipaddress
import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

RATE_LIMITED = "Too many booking attempts from your connection. Please try again later or call us."
LOGIN_RATE_LIMITED = "Too many login attempts from your connection. Please wait a few minutes and try again."
log = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, the address the outermost of them saw (what a client writes there itself is ignored).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # With N proxies, the last N entries were written by them; the first of those is the client as seen.
    chosen = forwarded[-proxies] if len(forwarded) >= proxies else remote
    try:
        ipaddress.ip_address(chosen)
    except ValueError:
        return remote  # a proxy that wrote garbage: count the proxy rather than fail the request
    return chosen


def rate_limited(request, group: str, *, rate: str | None = None) -> bool:
    """Counts real attempts only: call it once input is valid, so typos don't lock people out.

    `rate` defaults to BOOKING_RATE_LIMIT (django-ratelimit syntax, e.g. "10/h").
    """
    try:
        return is_ratelimited(
            request,
            group=group,
            key="ip",
            rate=rate or settings.BOOKING_RATE_LIMIT,
            method="POST",
            increment=True,
        )
    except RedisError as error:
        log.warning("rate limit not checked for %s: cache unavailable (%s)", group, error)
        return False
