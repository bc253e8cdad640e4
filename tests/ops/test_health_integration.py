"""/health/ on the real stack: a real worker and beat through a Redis of our own, then each stopped.

Time is real here (the worker is another process); everything is relative to now.
"""

import json
import time

import pytest

from tests.integration_support import celery_worker, wait_for
from tests.ops.support import backup, health, redis_cache
from tests.outbox.test_integration import PrivateRedis

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
FAST = {"REMINDER_DISPATCH_SECONDS": "1"}


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def statuses(body: dict) -> dict[str, str]:
    return {name: c["status"] for name, c in body["components"].items()}


def test_up_with_a_worker_and_beat_then_down_as_each_stops(client, settings, redis_server, tmp_path, capsys):
    # The worker's settings (clinic.settings.local) keep their cache keys under "clinic": read the same.
    settings.CACHES = redis_cache(redis_server.url, prefix="clinic")
    settings.CELERY_BROKER_URL = redis_server.url
    settings.REMINDER_DISPATCH_SECONDS = 2  # the worker's beat runs it every second: within 4 s
    settings.HEALTH_WORKER_MAX_AGE_SECONDS = 5
    settings.BACKUP_SCHEDULE_ENABLED = True
    backup(hours_ago=2)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir=mail_dir, beat=True, env=FAST, broker_url=redis_server.url):
        wait_for(lambda: health(client)[0] == 200, timeout=60, what="/health/ 200 with the worker and beat up")
        code, body = health(client)
        with capsys.disabled():
            print("\n/health/ with everything up:", json.dumps(body))
        assert code == 200 and set(statuses(body).values()) == {"ok"}
        assert body["components"]["worker"]["heartbeat_age_seconds"] <= 5
        assert body["components"]["beat"]["dispatcher_age_seconds"] <= 4

    # The worker (and its embedded beat) stopped: no heartbeat, no dispatcher run, within their limits.
    wait_for(lambda: statuses(health(client)[1])["worker"] == "down", timeout=15, what="worker down")
    wait_for(lambda: statuses(health(client)[1])["beat"] == "down", timeout=15, what="beat down")
    code, body = health(client)
    assert code == 503 and statuses(body)["cache"] == statuses(body)["broker"] == "ok"

    redis_server.stop()
    began = time.monotonic()
    code, body = health(client)
    took = time.monotonic() - began
    with capsys.disabled():
        print(f"/health/ with Redis stopped ({took:.2f} s):", json.dumps(body))
    assert took < 2 and code == 503
    assert statuses(body) == {
        "database": "ok",
        "cache": "down",
        "broker": "down",
        "worker": "down",  # not asked: read through the cache
        "beat": "down",
        "outbox": "ok",
        "backup": "ok",
    }
