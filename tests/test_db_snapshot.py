"""A transactional test's end puts back the database as migrated (tests/db_snapshot.py), whatever it changed."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from bookings.models import Service
from clients.models import Client
from payments.models import LedgerEntry
from payments.services.ledger import record_payment
from quotes.models import Quote
from tests import db_snapshot
from tests.payments.factories import accepted_quote

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        found = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (the models')
            found[table] = cursor.fetchone()[0]
        return found


def test_rows_made_changed_and_deleted_are_all_put_back_as_migrated():
    migrated = counts()
    consultation = Service.objects.get(slug=Service.CONSULTATION)
    manager = Group.objects.get(name="Manager")
    quote = accepted_quote()
    record_payment(quote_id=quote.pk, amount=Decimal("50.00"), method="card_desk")  # the append-only ledger
    Service.objects.filter(pk=consultation.pk).update(duration_minutes=5)
    manager.permissions.clear()
    Permission.objects.filter(codename="view_client").delete()
    assert LedgerEntry.objects.exists() and Client.objects.exists()

    db_snapshot.current.restore()

    assert counts() == migrated
    assert not Quote.objects.exists() and not LedgerEntry.objects.exists() and not Client.objects.exists()
    assert Service.objects.get(pk=consultation.pk).duration_minutes == consultation.duration_minutes
    assert Group.objects.get(pk=manager.pk).permissions.count() > 0
    assert Permission.objects.filter(codename="view_client").exists()


def test_new_rows_after_a_restore_get_new_ids():
    before = accepted_quote().pk
    db_snapshot.current.restore()
    assert accepted_quote().pk > before  # sequences are left as they are, as Django's flush leaves them
