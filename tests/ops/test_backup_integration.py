"""The daily backup on the real stack: beat (its schedule pickled to its state file) fires it at BACKUP_TIME on
the clinic's clock and a real worker makes the archive."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ops.models import Backup
from tests.integration_support import celery_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_beat_starts_the_backup_at_the_clinic_time_and_the_worker_makes_it(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    # A clinic 5½ hours off UTC: a schedule read on beat's UTC clock would not fire within the wait.
    zone = ZoneInfo("Asia/Kolkata")
    at = (timezone.now() + timedelta(seconds=90)).astimezone(zone)  # its minute starts 30–90 s from now
    env = {
        "CLINIC_TIME_ZONE": "Asia/Kolkata",
        "BACKUP_SCHEDULE_ENABLED": "true",
        "BACKUP_TIME": f"{at:%H:%M}",
        "BACKUP_ROOT": str(tmp_path / "backups"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    with celery_worker(mail_dir=mail_dir, beat=True, env=env, concurrency=1):
        wait_for(lambda: Backup.objects.filter(status="succeeded").exists(), timeout=150, what="the scheduled backup")
    backup = Backup.objects.get()
    assert backup.trigger == "scheduled"
    assert f"{backup.started_at.astimezone(zone):%H:%M}" == f"{at:%H:%M}"  # the minute BACKUP_TIME names
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [backup.name]
