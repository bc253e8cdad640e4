"""Transactional tests end with the database put back as migrated, from a copy taken at the session's start.

Django's TransactionTestCase ends each test with `flush`: TRUNCATE every table, then the post_migrate signal
re-creates the content types and permissions (hundreds of queries), and `_reference_data` (conftest) seeds
the data migrations' rows again. Here the same TRUNCATE is followed by copying back the rows the migrated
database held (a schema of copies made once per test database), in one transaction: the next test, of either
kind, starts from exactly the migrated state, as a fresh test database would.
"""

import pytest
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.test import TransactionTestCase

from tests import reference_data

SCHEMA = "test_migrated_rows"
current: "Snapshot | None" = None  # this session's, for tests/test_db_snapshot.py


class Snapshot:
    def __init__(self, using: str):
        self.using = using
        self.columns: dict[str, list[str]] = {}  # table → its columns, for the tables that held rows
        self.guarded: set[str] = set()  # tables with triggers of their own (a DELETE may be refused)

    def take(self) -> None:
        """Copy every non-empty table of the (just set up) test database into SCHEMA."""
        connection = connections[self.using]
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        quote = connection.ops.quote_name
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            cursor.execute("SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal")
            self.guarded = {row[0].strip('"') for row in cursor.fetchall()}
            for table in sorted(tables):
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")  # noqa: S608 (the models' tables)
                if not cursor.fetchone()[0]:
                    continue
                cursor.execute(f"CREATE TABLE {SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
                # Named columns (not position): a migration test that goes back and forth may reorder them.
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                    [SCHEMA, table],
                )
                self.columns[table] = [row[0] for row in cursor.fetchall()]

    def restore(self) -> None:
        """Empty the tables that hold rows, then copy the migrated rows back (instead of post_migrate).

        DELETE of a test's few rows beats TRUNCATE, which makes new files for all ~70 tables and their
        indexes; foreign keys are checked at commit (Django makes them deferrable), when all is consistent.
        Tables whose own triggers refuse a DELETE (the append-only ledger) are truncated, as `flush` does.
        Should either fail, the whole of `flush`'s TRUNCATE is used.
        """
        connection = connections[self.using]
        quote = connection.ops.quote_name
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            checks = ", ".join(f"EXISTS (SELECT 1 FROM {quote(table)})" for table in tables)  # noqa: S608
            cursor.execute(f"SELECT {checks}")
            holding = [table for table, rows in zip(tables, cursor.fetchone(), strict=True) if rows]
            try:
                with transaction.atomic(using=self.using):
                    truncated = [table for table in holding if table in self.guarded]
                    if truncated:
                        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in truncated)} CASCADE")
                    for table in holding:
                        if table not in self.guarded:
                            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (the models' tables)
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # any dangling reference shows here
            except DatabaseError:
                for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=False):
                    cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # the copies go in in any order
            for table, columns in self.columns.items():
                names = ", ".join(quote(column) for column in columns)
                copy = f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {SCHEMA}.{quote(table)}"  # noqa: S608
                cursor.execute(copy)

    def drop(self) -> None:
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global current
    with django_db_blocker.unblock():
        # A reused test database (--reuse-db) may have been flushed by an older run: seed it first.
        if not reference_data.present():
            with transaction.atomic():
                reference_data.seed()
        snapshot = Snapshot(DEFAULT_DB_ALIAS)
        snapshot.take()
    current = snapshot
    flush = TransactionTestCase._fixture_teardown

    def put_back_the_migrated_rows(test_case):
        # Only the plain case: other databases, available_apps or serialized_rollback keep Django's flush.
        if test_case.available_apps is not None or test_case.serialized_rollback:
            return flush(test_case)
        if test_case._databases_names(include_mirrors=False) != [DEFAULT_DB_ALIAS]:
            return flush(test_case)
        snapshot.restore()

    TransactionTestCase._fixture_teardown = put_back_the_migrated_rows
    yield
    TransactionTestCase._fixture_teardown = flush
    current = None
    with django_db_blocker.unblock():
        snapshot.drop()
