"""The database half of an archive: a consistent snapshot's row counts and pg_dump, pg_restore back."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from .errors import BackupError, RestoreCheckFailed
from .pgtools import find_tool, libpq_environment, server_major

TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"


@dataclass(frozen=True)
class Dump:
    row_counts: dict[str, int]
    migrations: dict[str, list[str]]
    pg_dump_version: int
    server_version: int


def count_rows(cursor) -> dict[str, int]:
    cursor.execute(TABLES)
    counts = {}
    for (table,) in cursor.fetchall():
        # A table name from the catalogue, quoted as an identifier.
        cursor.execute(f"SELECT count(*) FROM public.{connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


@contextmanager
def _snapshot() -> Iterator[tuple[str, object]]:
    """A read-only transaction whose snapshot pg_dump shares (--snapshot): counts and dump see the same rows."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0], cursor
            cursor.execute("ROLLBACK")
    finally:
        raw.close()


def dump_database(*, to: Path) -> Dump:
    server = server_major()
    pg_dump, version = find_tool("pg_dump", at_least=server)
    with _snapshot() as (snapshot, cursor):
        counts, migrations = count_rows(cursor), _applied_migrations(cursor)
        command = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={to}"]
        result = subprocess.run(command, env=libpq_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    return Dump(row_counts=counts, migrations=migrations, pg_dump_version=version, server_version=server)


def public_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(TABLES)
        return [table for (table,) in cursor.fetchall()]


def empty_public_schema() -> None:
    """--force: drop everything in the public schema and recreate it as PostgreSQL makes it."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
        cursor.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
    connection.close()  # nothing cached from the old tables survives into the checks


def restore_database(*, dump: Path, dumped_by: int) -> None:
    pg_restore, _ = find_tool("pg_restore", at_least=max(server_major(), dumped_by))
    # One transaction: a pg_restore that fails half-way leaves the database as empty as it found it.
    command = [pg_restore, "--no-owner", "--no-password", "--exit-on-error", "--single-transaction"]
    command += [f"--dbname={connection.settings_dict['NAME']}", str(dump)]
    result = subprocess.run(command, env=libpq_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RestoreCheckFailed(f"pg_restore failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def current_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return count_rows(cursor)
