"""The checks behind /health/: each returns a Reading and costs a constant, small amount (at most 2 queries).

A check that reads through the cache (worker, beat) runs only after the cache answered a PING with
short timeouts: Django's cache client has none, and a hung Redis would hang /health/ with it.
"""

from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.utils.module_loading import import_string
from redis.backoff import NoBackoff
from redis.retry import Retry

from clinic.heartbeat import last_worker_heartbeat
from ops.selectors import last_backup, last_backup_attempt
from outbox.selectors import due_figures, last_dispatch_run

from .components import DOWN, OK, WARN, Reading, seconds


def check_database() -> Reading:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Reading(OK, True)


def ping_redis(url: str) -> Reading:
    """PING with a connection of its own: no retries, and `HEALTH_REDIS_TIMEOUT_SECONDS` to connect and
    to answer, so a stopped Redis (refused) or a hung one (silent) reads as down in well under 2 s."""
    timeout = settings.HEALTH_REDIS_TIMEOUT_SECONDS
    client = redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )
    try:
        client.ping()
    finally:
        client.close()
    return Reading(OK, True)


def check_cache() -> Reading:
    config = settings.CACHES["default"]
    if issubclass(import_string(config["BACKEND"]), RedisCache):
        location = config["LOCATION"]
        primary = location.split(",")[0] if isinstance(location, str) else location[0]
        return ping_redis(primary)
    cache.get("health:probe")  # another backend: a read is its round trip
    return Reading(OK, True)


def check_broker() -> Reading:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return Reading(WARN, True, {"error": "not a Redis broker: not checked"})
    return ping_redis(url)


def check_worker(*, now: datetime) -> Reading:
    beat = last_worker_heartbeat()
    if beat is None:
        return Reading(DOWN, True, {"error": "no worker heartbeat"})
    age = seconds(now - beat)
    status = OK if age <= settings.HEALTH_WORKER_MAX_AGE_SECONDS else DOWN
    return Reading(status, True, {"heartbeat_age_seconds": age})


def check_beat(*, now: datetime) -> Reading:
    """The reminder dispatcher, which beat starts every REMINDER_DISPATCH_SECONDS, ran within two of them."""
    ran = last_dispatch_run()
    limit = 2 * settings.REMINDER_DISPATCH_SECONDS
    if ran is None:
        return Reading(DOWN, True, {"error": "the reminder dispatcher has not run", "limit_seconds": limit})
    age = seconds(now - ran)
    return Reading(OK if age <= limit else DOWN, True, {"dispatcher_age_seconds": age, "limit_seconds": limit})


def check_outbox(*, now: datetime) -> Reading:
    """Down when the oldest due message waits longer than HEALTH_OUTBOX_MAX_AGE_MINUTES; warn on failures."""
    figures = due_figures(now=now, failed_since=now - timedelta(hours=24))
    age = seconds(now - figures.oldest_due_at) if figures.oldest_due_at else 0.0
    limit = settings.HEALTH_OUTBOX_MAX_AGE_MINUTES * 60
    status = DOWN if age > limit else WARN if figures.failed_since else OK
    return Reading(
        status,
        True,
        {"due": figures.due, "oldest_due_age_seconds": age, "limit_seconds": limit, "failed_24h": figures.failed_since},
    )


def backup_required() -> bool:
    # The backups lane adds the setting; until a deployment schedules backups they are not required.
    return getattr(settings, "BACKUP_SCHEDULE_ENABLED", False)


def check_backup(*, now: datetime) -> Reading:
    """Required once backups are scheduled: down when the last attempt failed or the last success is
    older than BACKUP_MAX_AGE_HOURS (a day and a bit: one missed daily run)."""
    required = backup_required()
    success, attempt = last_backup(), last_backup_attempt()
    limit = settings.BACKUP_MAX_AGE_HOURS * 3600
    figures = {"limit_seconds": limit, "last_attempt_status": attempt.status if attempt else None}
    if success is None:
        return Reading(DOWN, required, {**figures, "error": "no backup has succeeded"})
    age = seconds(now - success.finished_at)
    figures["last_success_age_seconds"] = age
    attempt_failed = attempt is not None and attempt.status == attempt.Status.FAILED
    return Reading(DOWN if attempt_failed or age > limit else OK, required, figures)
