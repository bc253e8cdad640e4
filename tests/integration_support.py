"""A real Celery worker process for integration tests, pointed at the test database."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from clinic.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once (a crash, not a shutdown)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        # Whatever of the group outlived the main process (pool children, embedded beat) must not go on
        # claiming reminders in the next test's database.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


@contextmanager
def celery_worker(
    *,
    mail_dir: Path,
    queue: str | None = None,
    beat: bool = False,
    concurrency: int = 2,
    env: dict | None = None,
    broker_url: str | None = None,
    name: str = "worker",
):
    """Start `celery worker` (and beat, embedded) on a private queue through the real Redis.

    Tasks sent from the test process go to the same broker and queue while the worker runs.
    """
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    broker_url = broker_url or settings.REDIS_URL
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker_url,
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
        # The files this test process stores (its xdist worker's own directories under the test settings).
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BACKUP_ROOT": str(settings.BACKUP_ROOT),
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SITE_URL": settings.SITE_URL,
        **(env or {}),
    }
    log = mail_dir.parent / f"{name}.log"
    command = [sys.executable, "-m", "celery", "-A", "clinic", "worker", "-Q", queue, "-c", str(concurrency)]
    command += ["-l", "info", "-n", f"{name}-{queue}@%h"]
    if beat:
        command += ["-B", "-s", str(mail_dir.parent / f"{name}-beat-schedule")]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = Worker(process, log)
    try:
        with broker(broker_url, queue=queue):
            wait_for(lambda: "ready." in log.read_text(), timeout=60, what=f"worker start; log:\n{log}")
            yield worker
    finally:
        worker.stop()


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def _reset_broker_pools() -> None:
    kombu_pools.reset()  # closes and forgets every pooled connection and producer
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
