"""/health/: each component's reading, 503 only for a required one down, and nothing personal in it."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from clinic.heartbeat import WORKER_HEARTBEAT_KEY, record_worker_heartbeat
from ops.models import Backup
from outbox.models import Reminder
from outbox.services.dispatch import record_dispatch_run
from tests.clients.factories import ClientFactory
from tests.ops.support import backup, closed_port, health, redis_cache, silent_port, worker_and_beat_alive
from tests.outbox.factories import top_up_rows

pytestmark = pytest.mark.django_db
COMPONENTS = {"database", "cache", "broker", "worker", "beat", "outbox", "backup"}


def test_every_component_up_answers_200_in_a_few_queries(client, django_assert_max_num_queries):
    worker_and_beat_alive()
    backup()
    with django_assert_max_num_queries(4):  # SELECT 1, the outbox, the last backup and the last attempt
        status, body = health(client)
    assert status == 200 and body["status"] == "ok"
    assert set(body["components"]) == COMPONENTS
    assert {name: c["status"] for name, c in body["components"].items()} == dict.fromkeys(COMPONENTS, "ok")
    assert body["components"]["backup"]["required"] is False  # until backups are scheduled
    assert body["components"]["worker"]["heartbeat_age_seconds"] < 5


def test_the_answer_is_never_cached(client):
    assert "no-store" in client.get("/health/")["Cache-Control"]


def test_no_worker_heartbeat_is_worker_down(client):
    worker_and_beat_alive()
    cache.delete(WORKER_HEARTBEAT_KEY)
    status, body = health(client)
    assert status == 503 and body["status"] == "down"
    assert body["components"]["worker"] == {"status": "down", "required": True, "error": "no worker heartbeat"}
    assert body["components"]["beat"]["status"] == "ok"


def test_a_stale_heartbeat_is_worker_down(client, time_machine, settings):
    time_machine.move_to(timezone.now(), tick=False)
    worker_and_beat_alive()
    time_machine.shift(timedelta(seconds=settings.HEALTH_WORKER_MAX_AGE_SECONDS + 1))
    record_dispatch_run(at=timezone.now())
    status, body = health(client)
    assert status == 503 and body["components"]["worker"]["status"] == "down"
    assert body["components"]["worker"]["heartbeat_age_seconds"] == settings.HEALTH_WORKER_MAX_AGE_SECONDS + 1


@pytest.mark.parametrize(("ago", "expected"), [(100, "ok"), (121, "down")])
def test_beat_is_down_when_the_dispatcher_missed_two_intervals(client, settings, ago, expected):
    settings.REMINDER_DISPATCH_SECONDS = 60
    worker_and_beat_alive(ago=timedelta(seconds=ago))
    status, body = health(client)
    beat = body["components"]["beat"]
    assert (beat["status"], beat["limit_seconds"]) == (expected, 120)
    assert 100 <= beat["dispatcher_age_seconds"] < 130
    assert status == (200 if expected == "ok" else 503)


def test_a_dispatcher_that_never_ran_is_beat_down(client):
    record_worker_heartbeat()
    status, body = health(client)
    assert status == 503 and body["components"]["beat"]["error"] == "the reminder dispatcher has not run"


@pytest.mark.parametrize(("minutes", "expected", "code"), [(14, "ok", 200), (16, "down", 503)])
def test_an_old_due_message_is_outbox_down(client, minutes, expected, code):
    worker_and_beat_alive()
    due = timezone.now() - timedelta(minutes=minutes)
    top_up_rows(2, due_at=due, expires_at=due + timedelta(hours=2))
    top_up_rows(1, due_at=timezone.now() + timedelta(hours=1))  # not due yet: not counted
    status, body = health(client)
    outbox = body["components"]["outbox"]
    assert (status, outbox["status"], outbox["due"], outbox["limit_seconds"]) == (code, expected, 2, 900)
    assert minutes * 60 <= outbox["oldest_due_age_seconds"] < minutes * 60 + 30


def test_failures_in_the_last_day_warn_without_503(client):
    worker_and_beat_alive()
    top_up_rows(3, status=Reminder.Status.FAILED)
    old = top_up_rows(1, status=Reminder.Status.FAILED)[0]
    Reminder.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(hours=25))
    status, body = health(client)
    assert status == 200 and body["status"] == "ok"
    assert body["components"]["outbox"] | {"oldest_due_age_seconds": 0} == {
        "status": "warn",
        "required": True,
        "due": 0,
        "oldest_due_age_seconds": 0,
        "limit_seconds": 900,
        "failed_24h": 3,
    }


@pytest.mark.parametrize(
    ("backups", "expected"),
    [
        ([], "no backup has succeeded"),
        ([(Backup.Status.SUCCEEDED, 3), (Backup.Status.FAILED, 1)], "failed"),
        ([(Backup.Status.SUCCEEDED, 27)], "old"),
        ([(Backup.Status.SUCCEEDED, 25)], None),
        ([(Backup.Status.SUCCEEDED, 25), (Backup.Status.RUNNING, 0.1)], None),
    ],
)
def test_scheduled_backups_none_failed_or_old_are_backup_down(client, settings, backups, expected):
    settings.BACKUP_SCHEDULE_ENABLED = True
    worker_and_beat_alive()
    for status, hours_ago in backups:
        backup(status=status, hours_ago=hours_ago)
    code, body = health(client)
    reading = body["components"]["backup"]
    assert reading["required"] is True
    assert (code, reading["status"]) == ((200, "ok") if expected is None else (503, "down"))
    if expected == "no backup has succeeded":
        assert reading["error"] == expected
    if expected == "failed":
        assert reading["last_attempt_status"] == "failed"
    if expected == "old":
        assert reading["last_success_age_seconds"] > 26 * 3600


def test_without_scheduled_backups_a_missing_one_does_not_make_it_503(client):
    worker_and_beat_alive()
    code, body = health(client)
    assert code == 200
    assert body["components"]["backup"] | {"limit_seconds": 0} == {
        "status": "down",
        "required": False,
        "limit_seconds": 0,
        "last_attempt_status": None,
        "error": "no backup has succeeded",
    }


def test_a_stopped_redis_is_cache_and_broker_down_quickly(client, settings):
    worker_and_beat_alive()
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = redis_cache(url)
    settings.CELERY_BROKER_URL = url
    began = time.monotonic()
    code, body = health(client)
    assert time.monotonic() - began < 2
    assert code == 503 and body["status"] == "down"
    components = body["components"]
    assert (
        components["cache"] == components["broker"] == {"status": "down", "required": True, "error": "ConnectionError"}
    )
    # Read through the cache: not asked (it would hang), counted as down.
    assert components["worker"]["error"] == components["beat"]["error"] == "cache unreachable"
    assert components["database"]["status"] == components["outbox"]["status"] == "ok"


def test_a_hung_redis_answers_within_two_seconds(client, settings):
    worker_and_beat_alive()
    with silent_port() as port:
        url = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = redis_cache(url)
        settings.CELERY_BROKER_URL = url
        began = time.monotonic()
        code, body = health(client)
        took = time.monotonic() - began
    assert took < 2, took
    assert code == 503
    assert body["components"]["cache"]["error"] == body["components"]["broker"]["error"] == "TimeoutError"


def test_only_the_broker_down(client, settings):
    worker_and_beat_alive()
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    code, body = health(client)
    statuses = {name: c["status"] for name, c in body["components"].items()}
    assert code == 503 and statuses["broker"] == "down"
    assert statuses["cache"] == statuses["worker"] == statuses["beat"] == "ok"


def test_no_personal_data_in_the_answer(client, settings):
    settings.BACKUP_SCHEDULE_ENABLED = True
    worker_and_beat_alive()
    person = ClientFactory(full_name="Imogen Featherstonehaugh", email="imogen.f@example.org", phone="+447700900123")
    due = timezone.now() - timedelta(minutes=30)
    top_up_rows(1, client=person, due_at=due, expires_at=due + timedelta(hours=2))
    top_up_rows(1, client=person, status=Reminder.Status.FAILED, last_error="550 imogen.f@example.org unknown")
    backup(status=Backup.Status.FAILED, hours_ago=1)
    Backup.objects.update(error="could not read /media/photos/Imogen Featherstonehaugh.jpg")
    response = client.get("/health/")
    text = response.content.decode()
    assert response.status_code == 503  # the outbox and the backup are down: their readings are there
    for trace in ("Imogen", "Featherstonehaugh", "imogen.f", "example.org", "7700900123", "photos"):
        assert trace not in text, trace


def test_monitors_are_answered_over_plain_http_where_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production, with the exemptions of the base settings
    worker_and_beat_alive()
    assert client.get("/health/").status_code == 200
    assert client.get("/healthz/").status_code == 200
    assert client.get("/metrics").status_code == 404  # not redirected: refused (disabled here)
    assert client.get("/book/").status_code == 301
