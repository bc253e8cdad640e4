"""A real Celery worker process for integration tests, pointed at the test database."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from clinic.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(*, mail_dir: Path):
    """Start `celery worker` on a private queue; tasks sent from the test go through the real Redis."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SITE_URL": settings.SITE_URL,
    }
    log = mail_dir.parent / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "clinic", "worker", "-Q", queue, "-c", "2", "-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue
    try:
        wait_for(lambda: "ready." in log.read_text(), timeout=60, what=f"worker start; log:\n{log}")
        yield process
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def _reset_broker_pools() -> None:
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str, *, queue: str | None = None):
    """Send this process's tasks to another broker (not eagerly), with fresh connection pools; then back."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    _reset_broker_pools()
    conf.broker_url, conf.task_always_eager = url, False
    conf.task_default_queue = queue or conf.task_default_queue
    try:
        yield
    finally:
        _reset_broker_pools()
        conf.broker_url, conf.task_always_eager, conf.task_default_queue = previous
