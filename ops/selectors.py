"""Reads of the operations layer."""

from .models import Backup


def last_backup() -> Backup | None:
    """The most recent backup that finished whole (None if there is none yet)."""
    return Backup.objects.filter(status=Backup.Status.SUCCEEDED).order_by("-finished_at").first()


def last_backup_attempt() -> Backup | None:
    return Backup.objects.order_by("-started_at").first()
