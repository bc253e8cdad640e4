"""Which archives to keep: the newest BACKUP_KEEP_DAILY daily ones and BACKUP_KEEP_WEEKLY weekly ones.

Daily: the last archive of a day (clinic dates); weekly: the last of an ISO week. Anything under 24 hours
old is kept too, so a `make backup` taken before an upgrade is not deleted by the next one the same day.
Only names this module makes are considered; any other file in the storage is left alone.
"""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from clinic.clock import clinic_tz

from .storage import backup_storage

NAME = re.compile(r"^clinic-backup-(\d{8}T\d{6}Z)\.tar(\.age)?$")


def archive_name(*, at: datetime, encrypted: bool) -> str:
    return f"clinic-backup-{at.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar" + (".age" if encrypted else "")


def archive_time(name: str) -> datetime | None:
    match = NAME.match(name)
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if match else None


def to_keep(times: dict[str, datetime], *, daily: int, weekly: int, now: datetime) -> set[str]:
    """The last archive of each of the `daily` newest days and of the `weekly` newest ISO weeks, and the recent."""
    newest_first = sorted(times, key=times.get, reverse=True)
    last_of_day: dict = {}
    last_of_week: dict = {}
    for name in newest_first:
        local = times[name].astimezone(clinic_tz()).date()
        last_of_day.setdefault(local, name)
        last_of_week.setdefault(local.isocalendar()[:2], name)
    recent = {name for name, at in times.items() if now - at < timedelta(hours=24)}
    return set(list(last_of_day.values())[:daily]) | set(list(last_of_week.values())[:weekly]) | recent


def prune() -> list[str]:
    """Delete from the backups storage every archive of ours that is not kept; return their names."""
    storage = backup_storage()
    _directories, files = storage.listdir("")
    times = {name: at for name in files if (at := archive_time(name))}
    keep = to_keep(times, daily=settings.BACKUP_KEEP_DAILY, weekly=settings.BACKUP_KEEP_WEEKLY, now=timezone.now())
    deleted = sorted(set(times) - keep)
    for name in deleted:
        storage.delete(name)
    return deleted
