"""`manage.py restore FILE [--force]` (`make restore FILE=…`): an archive back into an empty database and file store."""

from django.core.management.base import BaseCommand, CommandError

from ops.backups.errors import RestoreCheckFailed, RestoreRefused
from ops.backups.restore import restore_archive


class Command(BaseCommand):
    help = (
        "Restore an archive (a path, or a name in the backups storage) into an empty database and file store, "
        "then check row counts, file checksums and migrations against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive: a path on this machine or a name in the backups storage")
        parser.add_argument(
            "--force", action="store_true", help="drop the public schema and delete the stored files first"
        )

    def handle(self, *args, file: str, force: bool, **options):
        try:
            restored = restore_archive(source=file, force=force)
        except (RestoreRefused, RestoreCheckFailed) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"restored {file}")
            + f": {restored.tables} tables, {restored.rows:,} rows, {restored.files} files ({restored.bytes:,} bytes)"
            f" in {restored.seconds:.1f} s; row counts, file checksums and migrations match"
        )
