"""The admin index shows staff the last backup, and warns when scheduled backups are missing or overdue."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clinic.users import roles
from ops.models import Backup
from ops.selectors import backup_status
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = UserFactory(is_staff=True)
    user.groups.add(
        Group.objects.get_or_create(name=roles.STAFF)[0], Group.objects.get_or_create(name=roles.MANAGER)[0]
    )
    client.force_login(user)
    return user


def backup(*, finished_at, status="succeeded", **fields) -> Backup:
    name = f"clinic-backup-{finished_at:%Y%m%dT%H%M%SZ}.tar" if status == "succeeded" else ""
    return Backup.objects.create(
        trigger="scheduled", status=status, started_at=finished_at, finished_at=finished_at, name=name, **fields
    )


def panel(client) -> str:
    html = client.get("/admin/").content.decode()
    assert html.count('id="backup-status"') <= 1
    return html[html.index('id="backup-status"') :].split("</div>")[0] if 'id="backup-status"' in html else ""


def test_the_last_backup_time_and_size_in_clinic_time(client, manager, time_machine, settings):
    settings.BACKUP_SCHEDULE_ENABLED = True
    time_machine.move_to(london(2026, 7, 2, 9, 0), tick=False)
    backup(finished_at=london(2026, 7, 1, 3, 4), size_bytes=3 * 1024 * 1024)
    backup(finished_at=london(2026, 7, 2, 3, 5), size_bytes=5 * 1024 * 1024, encrypted=True)
    shown = panel(client)
    assert "Last backup:" in shown and "2 Jul 2026, 03:05" in shown and "5.0\xa0MB, encrypted" in shown
    assert "errornote" not in shown


def test_overdue_and_missing_backups_warn_only_when_backups_are_scheduled(client, manager, time_machine, settings):
    time_machine.move_to(london(2026, 7, 2, 9, 0), tick=False)
    settings.BACKUP_SCHEDULE_ENABLED = False
    assert "No backup yet." in panel(client) and "errornote" not in panel(client)
    settings.BACKUP_SCHEDULE_ENABLED = True
    assert "Backups are scheduled but none has been made" in panel(client)
    backup(finished_at=timezone.now() - timedelta(hours=26, minutes=1), size_bytes=1)
    assert "No backup in the last 26 hours" in panel(client)
    backup(finished_at=timezone.now() - timedelta(hours=1), status="failed", error="pg_dump failed (exit 1): disk full")
    shown = panel(client)
    assert "failed: pg_dump failed (exit 1): disk full" in shown and "No backup in the last 26 hours" in shown
    backup(finished_at=timezone.now() - timedelta(hours=25, minutes=59), size_bytes=1)
    assert not backup_status().overdue


def test_only_staff_see_it(client, time_machine):
    user = UserFactory(is_staff=True)  # an admin login without the Staff role
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="backup-status"' not in response.content.decode()
