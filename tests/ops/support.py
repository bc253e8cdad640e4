"""Helpers of the ops tests: the signs of a live worker and beat, backup rows, addresses nobody answers on."""

import contextlib
import json
import socket
from datetime import timedelta

from django.utils import timezone

from clinic.heartbeat import record_worker_heartbeat
from ops.models import Backup
from outbox.services.dispatch import record_dispatch_run
from tests.helpers import free_port


def worker_and_beat_alive(*, ago: timedelta = timedelta(0)) -> None:
    """What a running worker and beat leave in the cache: a heartbeat and a dispatcher run, `ago`."""
    record_worker_heartbeat()
    record_dispatch_run(at=timezone.now() - ago)


def backup(*, status: str = Backup.Status.SUCCEEDED, hours_ago: float = 1) -> Backup:
    started = timezone.now() - timedelta(hours=hours_ago)
    done = status != Backup.Status.RUNNING
    return Backup.objects.create(
        trigger=Backup.Trigger.SCHEDULED,
        status=status,
        started_at=started,
        finished_at=started + timedelta(minutes=2) if done else None,
        name=f"clinic-{started:%Y%m%d-%H%M%S}.tar" if status == Backup.Status.SUCCEEDED else "",
    )


def closed_port() -> int:
    """A loopback port nothing listens on (a stopped Redis): connections are refused at once."""
    return free_port()


@contextlib.contextmanager
def silent_port():
    """A loopback port that accepts connections and never answers (a hung Redis, or a dropped route)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


def health(client) -> tuple[int, dict]:
    response = client.get("/health/")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def redis_cache(url: str, *, prefix: str = "clinic-test") -> dict:
    return {"default": {"BACKEND": "clinic.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
