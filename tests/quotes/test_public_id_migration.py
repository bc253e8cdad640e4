"""quotes 0008 gives every existing quote its own public_id, and its history rows the same one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_existing_quotes_get_distinct_public_ids_kept_in_their_history():
    apps = migrate([("quotes", "0007_shared_treatment_names")])
    try:
        now = timezone.now()
        client = apps.get_model("clients", "Client").objects.create(
            full_name="Jamie Walsh", email="j@example.com", phone="+447911123456", created_at=now, updated_at=now
        )
        Quote, History = apps.get_model("quotes", "Quote"), apps.get_model("quotes", "HistoricalQuote")
        pks = []
        for _ in range(3):
            quote = Quote.objects.create(client=client, treatment_type="crown")
            fields = {f.attname: getattr(quote, f.attname) for f in quote._meta.concrete_fields}
            History.objects.create(**fields, history_date=now, history_type="+")
            pks.append(quote.pk)

        apps = migrate()
        Quote, History = apps.get_model("quotes", "Quote"), apps.get_model("quotes", "HistoricalQuote")
        ids = dict(Quote.objects.filter(pk__in=pks).values_list("pk", "public_id"))
        assert len(set(ids.values())) == 3 and None not in ids.values()
        assert dict(History.objects.filter(id__in=pks).values_list("id", "public_id")) == ids
    finally:
        migrate()
