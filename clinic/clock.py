"""The clinic's clock: its time zone, today on its calendar, and its wall-clock times as instants.

The database and the services work in UTC; the clinic's zone (`CLINIC_TIME_ZONE`, Europe/London by
default, with its clock changes) applies only where a day or a wall-clock time is meant.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def clinic_tz() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


def now() -> datetime:
    return timezone.now()


def to_clinic_time(moment: datetime) -> datetime:
    return moment.astimezone(clinic_tz())


def local_today(*, now: datetime | None = None) -> date:
    """The date on the clinic's calendar at `now` (default: this moment)."""
    return to_clinic_time(now or timezone.now()).date()


def local_instant(day: date, wall: time, tz: ZoneInfo | None = None) -> datetime:
    """The UTC instant of a wall-clock time on a date in `tz` (default the clinic's; a time skipped by DST maps forward)."""
    aware = datetime.combine(day, wall).replace(tzinfo=tz or clinic_tz())
    # In a spring-forward gap the wall time does not exist; round trip through UTC moves it forward
    # (01:30 → 02:30 BST) instead of silently treating it as the pre-transition offset.
    return aware.astimezone(UTC)
