"""Making a backup: one archive in the backups storage, and its ops.models.Backup row saying how it went."""

import logging
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from clinic.clock import local_instant, local_today

from ..models import Backup
from . import encryption, files, retention
from .archive import DUMP, FILES, ArchiveWriter
from .errors import BackupAlreadyRunning, BackupError
from .postgres import dump_database
from .storage import backup_storage

log = logging.getLogger(__name__)
LOCK = "ops.backups"  # one backup at a time, across processes and machines (a PostgreSQL advisory lock)


@contextmanager
def _one_at_a_time() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [LOCK])
        if not cursor.fetchone()[0]:
            raise BackupAlreadyRunning("another backup is running")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [LOCK])


def app_version() -> str:
    try:
        # The checkout's commit, if this is one; fixed arguments, no shell.
        command = ["git", "rev-parse", "HEAD"]
        result = subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
    except OSError:
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def back_up(*, trigger: str) -> Backup:
    """Write an archive and record it; on failure the row says why and no archive is stored.

    Under the lock, a row still "running" belongs to a process that died (killed, machine restarted).
    """
    with _one_at_a_time():
        Backup.objects.filter(status=Backup.Status.RUNNING).update(
            status=Backup.Status.FAILED,
            finished_at=timezone.now(),
            error="interrupted: the backup process ended before it finished (no archive was stored)",
        )
        backup = Backup.objects.create(trigger=trigger, started_at=timezone.now())
        try:
            _write_archive(backup)
        except Exception as error:
            backup.status, backup.finished_at, backup.error = Backup.Status.FAILED, timezone.now(), str(error)
            backup.save(update_fields=["status", "finished_at", "error"])
            if isinstance(error, BackupError):
                raise
            raise BackupError(str(error)) from error
    _prune()
    return backup


def _write_archive(backup: Backup) -> None:
    keys = encryption.recipients()
    name = retention.archive_name(at=backup.started_at, encrypted=bool(keys))
    with tempfile.TemporaryDirectory(prefix="clinic-backup-", dir=settings.BACKUP_WORK_DIR) as work_dir:
        work = Path(work_dir)
        dump = dump_database(to=work / DUMP)
        writer = ArchiveWriter(work / "archive.tar")
        with (work / DUMP).open("rb") as dumped:
            writer.add(DUMP, dumped, (work / DUMP).stat().st_size)
        stored = list(files.walk())
        for stored_name in stored:
            with default_storage.open(stored_name, "rb") as content:
                writer.add(FILES + stored_name, content, default_storage.size(stored_name))
        writer.finish(
            {
                "archive_name": name,
                "backup_id": backup.pk,
                "created_at": backup.started_at.isoformat(),
                "app_version": app_version(),
                "pg_dump_version": dump.pg_dump_version,
                "server_version": dump.server_version,
                "migrations": dump.migrations,
                "tables": dump.row_counts,
            }
        )
        final = work / "archive.tar"
        if keys:
            encryption.encrypt(plain=final, to=work / "archive.tar.age", keys=keys)
            final = work / "archive.tar.age"
        with final.open("rb") as archive:
            sha256 = files.sha256_of(archive)
            archive.seek(0)
            saved = backup_storage().save(name, File(archive, name=name))
        if saved != name:
            raise BackupError(f"the backups storage saved the archive as {saved}, not {name}")
        backup.name, backup.sha256, backup.size_bytes, backup.encrypted = name, sha256, final.stat().st_size, bool(keys)
        backup.table_count, backup.row_count = len(dump.row_counts), sum(dump.row_counts.values())
        backup.file_count, backup.status, backup.finished_at = len(stored), Backup.Status.SUCCEEDED, timezone.now()
        backup.save()


def _prune() -> None:
    """Retention after a good backup; a failure here leaves extra archives, never fewer, so it is only logged."""
    try:
        deleted = retention.prune()
    except Exception:
        log.exception("backup retention failed; older archives were kept")
        return
    Backup.objects.filter(name__in=deleted, pruned_at__isnull=True).update(pruned_at=timezone.now())


def last_scheduled_time(*, now: datetime) -> datetime:
    """The latest BACKUP_TIME (clinic time) at or before `now`."""
    wall = time.fromisoformat(settings.BACKUP_TIME)
    today = local_today(now=now)
    at = local_instant(today, wall)
    return at if at <= now else local_instant(today - timedelta(days=1), wall)


def back_up_daily() -> Backup | None:
    """The scheduled backup, once per day: a second delivery of the same day's task makes no second archive."""
    since = last_scheduled_time(now=timezone.now())
    done = Backup.objects.filter(
        trigger=Backup.Trigger.SCHEDULED, status=Backup.Status.SUCCEEDED, started_at__gte=since
    ).exists()
    return None if done else back_up(trigger=Backup.Trigger.SCHEDULED)
