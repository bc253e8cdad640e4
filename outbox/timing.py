"""When reminders fall due (pure functions over settings; no database)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings

from clinic.clock import local_instant


def local_send_time() -> time:
    return time.fromisoformat(settings.REMINDER_LOCAL_TIME)


def morning_of(day: date) -> datetime:
    """The local send time (default 09:00 clinic time) on `day`, as a UTC instant; DST-aware."""
    return local_instant(day, local_send_time())


def grace() -> timedelta:
    return timedelta(minutes=settings.REMINDER_GRACE_MINUTES)


def leads(hours: list[float]) -> list[timedelta]:
    """Lead times, longest first (so reminders of one kind keep their order when moved)."""
    return sorted((timedelta(hours=h) for h in hours), reverse=True)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failed attempt: base, 2×base, 4×base …"""
    return timedelta(seconds=settings.REMINDER_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
