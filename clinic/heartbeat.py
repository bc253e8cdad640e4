"""The Celery workers' heartbeat, kept in the cache for /health/ to read.

Why this and not `app.control.ping`: a ping broadcasts to every worker and then waits out its whole
timeout whenever none answers, so the health check would be slowest exactly when a worker is down,
and every monitor poll would interrupt every worker. Instead each worker writes the time into the
cache on Celery's own event heartbeat (`heartbeat_sent`, every 2 s from the worker's main loop, so a
hung loop stops it), and the health check reads one key: constant cost, an answer in milliseconds.
"""

import logging
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

WORKER_HEARTBEAT_KEY = "celery:worker-heartbeat"
# The key outlives a few missed beats, then vanishes: no worker has beaten for a minute.
WORKER_HEARTBEAT_TTL_SECONDS = 60
log = logging.getLogger(__name__)


def record_worker_heartbeat(**_signal) -> None:
    """Receiver of `celery.signals.heartbeat_sent` (connected in clinic/celery.py); never raises."""
    try:
        cache.set(WORKER_HEARTBEAT_KEY, timezone.now().timestamp(), timeout=WORKER_HEARTBEAT_TTL_SECONDS)
    except RedisError as error:
        log.warning("worker heartbeat not recorded: cache unavailable (%s)", error)


def last_worker_heartbeat() -> datetime | None:
    """When any worker last beat (None: none within the TTL). Raises RedisError if the cache is away."""
    stamp = cache.get(WORKER_HEARTBEAT_KEY)
    return datetime.fromtimestamp(stamp, tz=UTC) if stamp is not None else None
