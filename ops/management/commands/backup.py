"""`manage.py backup` (`make backup`): one archive of the database and the stored files."""

from django.core.management.base import BaseCommand, CommandError

from ops.backups.errors import BackupError
from ops.backups.services import back_up
from ops.models import Backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every stored file into one archive in the backups storage."

    def handle(self, *args, **options):
        try:
            backup = back_up(trigger=Backup.Trigger.MANUAL)
        except BackupError as error:
            raise CommandError(f"backup failed: {error}") from error
        seconds = (backup.finished_at - backup.started_at).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(f"wrote {backup.name}")
            + f" ({backup.size_bytes:,} bytes{', encrypted' if backup.encrypted else ''}): {backup.table_count} tables,"
            f" {backup.row_count:,} rows, {backup.file_count} files in {seconds:.1f} s; sha256 {backup.sha256}"
        )
