"""The workers' heartbeat in the cache: written on Celery's heartbeat signal, gone after its TTL."""

from datetime import timedelta

import pytest
from celery.signals import heartbeat_sent
from django.core.cache import cache
from django.utils import timezone

from clinic.heartbeat import WORKER_HEARTBEAT_KEY, last_worker_heartbeat, record_worker_heartbeat
from tests.ops.support import closed_port, redis_cache


def test_the_receiver_is_connected_by_the_celery_app():
    # A worker sends heartbeat_sent only if it had receivers when it started (celery.worker.heartbeat).
    assert record_worker_heartbeat in [receiver for _, receiver in heartbeat_sent.receivers]  # weak=False: itself


def test_a_heartbeat_signal_writes_the_time_with_a_ttl(time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    assert last_worker_heartbeat() is None
    heartbeat_sent.send(sender=None)
    assert last_worker_heartbeat() == now
    redis = cache._cache.get_client()  # Django's cache has no ttl(); the key's own, in Redis
    assert 55 <= redis.ttl(cache.make_and_validate_key(WORKER_HEARTBEAT_KEY)) <= 60
    time_machine.shift(timedelta(seconds=5))
    heartbeat_sent.send(sender=None)
    assert last_worker_heartbeat() == now + timedelta(seconds=5)


def test_a_cache_outage_never_breaks_the_worker(settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")
    record_worker_heartbeat()  # no exception
    assert "worker heartbeat not recorded: cache unavailable" in caplog.text
    with pytest.raises(Exception, match=r"Connection refused|Error"):
        last_worker_heartbeat()  # the reader does raise: /health/ reports it
