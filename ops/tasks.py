"""Celery tasks of the operations layer (thin: each calls one service)."""

import logging

from celery import shared_task
from django.conf import settings

from .backups.errors import BackupAlreadyRunning, BackupError
from .backups.services import back_up_daily

log = logging.getLogger(__name__)


@shared_task(time_limit=settings.BACKUP_TASK_TIME_LIMIT, soft_time_limit=settings.BACKUP_TASK_TIME_LIMIT - 60)
def backup_daily() -> None:
    """Beat's daily backup. Run twice, the second run finds today's backup (or the lock) and does nothing.

    No retry: a failed backup is a failed row that the admin index and the health check show; the next
    day's run is the retry.
    """
    try:
        back_up_daily()
    except BackupAlreadyRunning:
        log.info("backup_daily: another backup is running; nothing to do")
    except BackupError:
        log.exception("backup_daily failed")
