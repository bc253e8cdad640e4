"""Reads of the operations layer."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Backup


def last_backup() -> Backup | None:
    """The most recent backup that finished whole (None if there is none yet)."""
    return Backup.objects.filter(status=Backup.Status.SUCCEEDED).order_by("-finished_at").first()


def last_backup_attempt() -> Backup | None:
    return Backup.objects.order_by("-started_at").first()


@dataclass(frozen=True)
class BackupStatus:
    last: Backup | None
    last_attempt: Backup | None
    scheduled: bool
    # Backups are scheduled and the last good one is missing or older than BACKUP_MAX_AGE_HOURS.
    overdue: bool


def backup_status(*, now: datetime | None = None) -> BackupStatus:
    last, attempt = last_backup(), last_backup_attempt()
    too_old = (now or timezone.now()) - timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    scheduled = settings.BACKUP_SCHEDULE_ENABLED
    overdue = scheduled and (last is None or last.finished_at < too_old)
    return BackupStatus(last=last, last_attempt=attempt, scheduled=scheduled, overdue=overdue)
