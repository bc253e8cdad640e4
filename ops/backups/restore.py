"""Restoring an archive into an empty database and file store, then checking it against its manifest."""

import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bookings import availability_cache

from ..models import Backup
from . import encryption, files
from .archive import DUMP, FILES, verify
from .errors import RestoreCheckFailed, RestoreRefused
from .pgtools import server_major
from .postgres import current_row_counts, empty_public_schema, public_tables, restore_database
from .storage import backup_storage


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    bytes: int
    seconds: float


def _local_copy(source: str, work: Path) -> Path:
    """A path on this machine, or the name of an archive in the backups storage (downloaded first)."""
    if Path(source).is_file():
        return Path(source)
    storage = backup_storage()
    try:
        found = storage.exists(source)
    except SuspiciousFileOperation:  # a path outside the storage's directory: a local file that is not there
        found = False
    if not found:
        raise RestoreRefused(f"no archive {source!r}: neither a file here nor a name in the backups storage")
    with storage.open(source, "rb") as stored, (work / "download").open("wb") as copy:
        shutil.copyfileobj(stored, copy, 1024 * 1024)
    return work / "download"


def _refuse_an_older_server(manifest: dict) -> None:
    """PostgreSQL restores a dump into the same major version or a newer one, not an older one."""
    dumped_from, here = manifest.get("server_version", 0), server_major()
    if dumped_from > here:
        raise RestoreRefused(
            f"the archive is of a PostgreSQL {dumped_from} database and this server is PostgreSQL {here}:"
            f" restore it into PostgreSQL {dumped_from} or newer; nothing was restored"
        )


def _refuse_unless_empty(*, force: bool) -> None:
    tables, stored = len(public_tables()), sum(1 for _ in files.walk())
    if (tables or stored) and not force:
        raise RestoreRefused(
            f"the database {connection.settings_dict['NAME']!r} has {tables} tables and the file store {stored} files: "
            "restore needs an empty database and file store (--force drops the public schema and deletes the files)"
        )
    if force:
        empty_public_schema()
        files.clear()


def restore_archive(*, source: str, force: bool = False) -> Restored:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="clinic-restore-", dir=settings.BACKUP_WORK_DIR) as work_dir:
        work = Path(work_dir)
        path = _local_copy(source, work)
        if encryption.is_encrypted(path):
            encryption.decrypt(encrypted=path, to=work / "archive.tar")
            path = work / "archive.tar"
        verified = verify(path)  # before anything is touched
        with verified.tar:
            _refuse_an_older_server(verified.manifest)
            _refuse_unless_empty(force=force)
            with verified.open(DUMP) as dump, (work / DUMP).open("wb") as copy:
                shutil.copyfileobj(dump, copy, 1024 * 1024)
            restore_database(dump=work / DUMP, dumped_by=verified.manifest["pg_dump_version"])
            members = verified.manifest["members"]
            for member in sorted(name for name in members if name.startswith(FILES)):
                with verified.open(member) as content:
                    files.store(member.removeprefix(FILES), content)
    manifest = verified.manifest
    _check(manifest)
    _complete_own_row(manifest)
    availability_cache.calendar_changed()  # cached free slots were computed from the database replaced
    counts, stored = manifest["tables"], [m for name, m in manifest["members"].items() if name.startswith(FILES)]
    return Restored(
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(stored),
        bytes=sum(m["size"] for m in stored),
        seconds=time.monotonic() - started,
    )


def unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def _check(manifest: dict) -> None:
    problems = []
    counts = current_row_counts()
    wrong = {
        table
        for table in counts.keys() | manifest["tables"].keys()
        if counts.get(table) != manifest["tables"].get(table)
    }
    if wrong:
        problems.append(f"row counts differ from the manifest in {len(wrong)} table(s): {', '.join(sorted(wrong)[:5])}")
    expected = {
        name.removeprefix(FILES): m["sha256"] for name, m in manifest["members"].items() if name.startswith(FILES)
    }
    if files.stored_checksums() != expected:
        problems.append("the stored files differ from the manifest's checksums")
    unapplied = unapplied_migrations()
    if unapplied:
        problems.append(
            f"{len(unapplied)} migration(s) of this code are not applied ({', '.join(unapplied[:3])} …):"
            " run `manage.py migrate`"
        )
    if problems:
        raise RestoreCheckFailed("restored, but " + "; ".join(problems))


def _complete_own_row(manifest: dict) -> None:
    """The archive holds its own Backup row as it was during the dump ("running"): say it succeeded."""
    Backup.objects.filter(pk=manifest["backup_id"], status=Backup.Status.RUNNING).update(
        status=Backup.Status.SUCCEEDED,
        name=manifest["archive_name"],
        finished_at=datetime.fromisoformat(manifest["created_at"]),
        table_count=len(manifest["tables"]),
        row_count=sum(manifest["tables"].values()),
        file_count=sum(1 for name in manifest["members"] if name.startswith(FILES)),
        encrypted=manifest["archive_name"].endswith(".age"),
    )
