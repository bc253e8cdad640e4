"""Celery beat schedules in the clinic's time zone (beat's own clock, CELERY_TIMEZONE, is UTC)."""

from functools import cached_property
from zoneinfo import ZoneInfo

from celery.schedules import crontab


class ClinicCrontab(crontab):
    """A crontab read on the clinic's wall clock: hour=3 is 03:00 in London in winter and in summer.

    The zone is looked up when the schedule is used, not stored, so a pickled schedule (beat's state file)
    follows CLINIC_TIME_ZONE.
    """

    @cached_property
    def tz(self) -> ZoneInfo:
        from django.conf import settings

        return ZoneInfo(settings.CLINIC_TIME_ZONE)
