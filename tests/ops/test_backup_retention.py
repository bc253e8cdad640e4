"""Retention over 40 days of real backups (time-machine): 7 daily and 4 weekly archives kept, the rest deleted."""

from datetime import date, timedelta

import pytest

from ops.backups.services import back_up
from ops.models import Backup
from tests.helpers import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def backups_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "ops.backups.storage.AtomicFileSystemStorage", "OPTIONS": {"location": tmp_path / "b"}},
    }
    (tmp_path / "b").mkdir()
    return tmp_path / "b"


def test_forty_days_of_daily_backups_keep_seven_daily_and_four_weekly(backups_dir, time_machine):
    (backups_dir / "notes.txt").write_text("not an archive")
    (backups_dir / ".clinic-backup-20261001T020000Z.tar.x1.partial").write_bytes(b"a killed copy")
    first = date(2026, 10, 5)  # a Monday; the clocks go back on Sunday 25 October
    for offset in range(40):
        day = first + timedelta(days=offset)
        time_machine.move_to(london(day.year, day.month, day.day, 3, 0), tick=True)
        back_up(trigger=Backup.Trigger.SCHEDULED)
        if day == date(2026, 11, 10):  # a manual backup that afternoon: the day's last
            time_machine.move_to(london(2026, 11, 10, 15, 0), tick=True)
            back_up(trigger=Backup.Trigger.MANUAL)
    # Now Friday 13 November 03:00. Daily: 7–13 November (the 10th's afternoon one); weekly, the last of
    # each of the 4 newest ISO weeks: 13 Nov, 8 Nov, 1 Nov, 25 Oct (03:00 GMT that day, 02:00 UTC before).
    kept = [
        "clinic-backup-20261025T030000Z.tar",
        "clinic-backup-20261101T030000Z.tar",
        *(f"clinic-backup-202611{d:02d}T030000Z.tar" for d in (7, 8, 9)),
        "clinic-backup-20261110T150000Z.tar",
        *(f"clinic-backup-202611{d:02d}T030000Z.tar" for d in (11, 12, 13)),
    ]
    archives = sorted(p.name for p in backups_dir.iterdir() if p.name.startswith("clinic-backup-"))
    assert archives == kept
    assert {p.name for p in backups_dir.iterdir()} == {
        *kept,
        "notes.txt",
        ".clinic-backup-20261001T020000Z.tar.x1.partial",
    }
    # Every row stays, as the record of what was made; the deleted archives' rows say when they went.
    assert Backup.objects.filter(status=Backup.Status.SUCCEEDED).count() == 41
    assert set(Backup.objects.filter(pruned_at__isnull=True).values_list("name", flat=True)) == set(kept)
    assert Backup.objects.filter(name="clinic-backup-20261005T020000Z.tar", pruned_at__isnull=False).exists()


def test_a_backup_made_the_same_day_before_another_is_kept_for_a_day(backups_dir, time_machine):
    time_machine.move_to(london(2026, 12, 1, 9, 0), tick=True)
    back_up(trigger=Backup.Trigger.MANUAL)  # before an upgrade
    time_machine.move_to(london(2026, 12, 1, 11, 0), tick=True)
    back_up(trigger=Backup.Trigger.MANUAL)
    assert len(list(backups_dir.iterdir())) == 2
    time_machine.move_to(london(2026, 12, 2, 9, 30), tick=True)
    back_up(trigger=Backup.Trigger.MANUAL)
    # Past 24 hours the morning one is no longer the last of its day.
    assert sorted(p.name for p in backups_dir.iterdir()) == [
        "clinic-backup-20261201T110000Z.tar",
        "clinic-backup-20261202T093000Z.tar",
    ]
