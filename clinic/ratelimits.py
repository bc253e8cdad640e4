"""Per-IP rate limits on public posts (booking, rescheduling, e-mail login links), counted in the cache.

The cache is Redis. If it is unreachable the limit is not enforced for that request (and a warning is
logged): a clinic would rather take a booking during a Redis outage than refuse everyone.
"""

import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

RATE_LIMITED = "Too many booking attempts from your connection. Please try again later or call us."
log = logging.getLogger(__name__)


def rate_limited(request, group: str) -> bool:
    """Counts real attempts only: call it once input is valid, so typos don't lock people out."""
    try:
        return is_ratelimited(
            request, group=group, key="ip", rate=settings.BOOKING_RATE_LIMIT, method="POST", increment=True
        )
    except RedisError as error:
        log.warning("rate limit not checked for %s: cache unavailable (%s)", group, error)
        return False
