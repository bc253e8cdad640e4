"""The daily backup: at BACKUP_TIME clinic time in winter and summer, on in production, once a day when run twice."""

import pickle

import pytest
from celery.schedules import crontab

from clinic.celery import app
from clinic.schedules import ClinicCrontab
from ops.backups.errors import BackupAlreadyRunning
from ops.backups.services import back_up
from ops.models import Backup
from ops.tasks import backup_daily
from tests.helpers import LONDON, london, utc
from tests.test_entry_points import PRODUCTION_KEY, python


def next_run(schedule, *, last_run, now):
    schedule.nowfun = lambda: now
    return now + schedule.remaining_estimate(last_run)


@pytest.mark.parametrize(
    ("last_run", "now", "expected"),
    [
        # Summer (BST, UTC+1): 03:00 in London is 02:00 UTC.
        (utc(2026, 7, 1, 2, 0), utc(2026, 7, 1, 12, 0), utc(2026, 7, 2, 2, 0)),
        # The night the clocks go back (Sunday 25 October 2026): 03:00 GMT is 03:00 UTC.
        (utc(2026, 10, 24, 2, 0), utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 3, 0)),
        (utc(2026, 12, 1, 3, 0), utc(2026, 12, 1, 12, 0), utc(2026, 12, 2, 3, 0)),
        # The night they go forward (Sunday 28 March 2027): 03:00 BST is 02:00 UTC.
        (utc(2027, 3, 27, 3, 0), utc(2027, 3, 27, 12, 0), utc(2027, 3, 28, 2, 0)),
    ],
)
def test_the_backup_runs_at_three_on_the_clinics_clock_either_side_of_the_clock_changes(last_run, now, expected):
    due = next_run(ClinicCrontab(hour=3, minute=0, app=app), last_run=last_run, now=now)
    assert due == expected
    assert due.astimezone(LONDON).hour == 3


def test_a_plain_crontab_would_run_an_hour_late_all_summer():
    # Why ClinicCrontab exists: beat's clock is UTC (CELERY_TIMEZONE).
    due = next_run(crontab(hour=3, minute=0, app=app), last_run=utc(2026, 7, 1, 3, 0), now=utc(2026, 7, 1, 12, 0))
    assert due.astimezone(LONDON).hour == 4


def test_the_schedule_survives_beats_state_file():
    schedule = pickle.loads(pickle.dumps(ClinicCrontab(hour=3, minute=15, app=app)))  # noqa: S301 (our own bytes)
    assert str(schedule.tz) == "Europe/London" and schedule.hour == {3} and schedule.minute == {15}


SHOW = (
    "from django.conf import settings; entry = settings.CELERY_BEAT_SCHEDULE.get('backup-daily'); "
    "print(entry and (entry['task'], type(entry['schedule']).__name__, sorted(entry['schedule'].hour), "
    "sorted(entry['schedule'].minute)))"
)


@pytest.mark.parametrize(
    ("module", "env", "shown"),
    [
        ("clinic.settings.production", {}, "('ops.tasks.backup_daily', 'ClinicCrontab', [3], [0])"),
        (
            "clinic.settings.production",
            {"BACKUP_TIME": "04:30"},
            "('ops.tasks.backup_daily', 'ClinicCrontab', [4], [30])",
        ),
        ("clinic.settings.production", {"BACKUP_SCHEDULE_ENABLED": "false"}, "None"),
        ("clinic.settings.local", {}, "None"),
        (
            "clinic.settings.local",
            {"BACKUP_SCHEDULE_ENABLED": "true"},
            "('ops.tasks.backup_daily', 'ClinicCrontab', [3], [0])",
        ),
    ],
)
def test_beat_schedules_backups_in_production_unless_told_otherwise(module, env, shown):
    result = python(
        f"import django; django.setup(); {SHOW}",
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="clinic.example",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == shown


@pytest.mark.django_db
def test_the_daily_task_run_twice_makes_one_backup_a_day(settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "ops.backups.storage.AtomicFileSystemStorage", "OPTIONS": {"location": tmp_path / "b"}},
    }
    time_machine.move_to(london(2026, 12, 1, 2, 30), tick=True)
    back_up(trigger=Backup.Trigger.MANUAL)  # no reason to skip the night's: only scheduled ones count
    time_machine.move_to(london(2026, 12, 1, 3, 0), tick=True)
    backup_daily.delay()
    backup_daily.delay()  # delivered twice (a worker restart with acks_late)
    assert Backup.objects.filter(trigger="scheduled", status="succeeded").count() == 1
    time_machine.move_to(london(2026, 12, 2, 3, 0), tick=True)
    backup_daily.delay()
    backup_daily.delay()
    assert Backup.objects.filter(trigger="scheduled", status="succeeded").count() == 2
    assert Backup.objects.count() == 3


@pytest.mark.django_db
def test_while_another_backup_runs_the_task_does_nothing(settings, tmp_path):
    import psycopg2

    from tests.integration_support import test_database_url

    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "ops.backups.storage.AtomicFileSystemStorage", "OPTIONS": {"location": tmp_path / "b"}},
    }
    other = psycopg2.connect(test_database_url())  # another process's backup, holding the lock
    try:
        with other.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(hashtext('ops.backups'))")
        with pytest.raises(BackupAlreadyRunning):
            back_up(trigger=Backup.Trigger.MANUAL)
        backup_daily.delay()
        assert not Backup.objects.exists() and not (tmp_path / "b").exists()
    finally:
        other.close()
    backup_daily.delay()
    assert Backup.objects.get().status == "succeeded"
