"""The client-search trigram indexes take new rows at once (fastupdate off) instead of a pending list.

With fastupdate on, rows added since the last vacuum wait in a list every search reads in full (after a
bulk import, hundreds of pages, ~10 ms a search). ALTER INDEX keeps the indexes (no rebuild); the pending
list already there is flushed by hand, as ALTER INDEX does not flush it.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models

INDEXES = {"full_name": "clients_client_name_trgm", "email": "clients_client_email_trgm", "phone": "clients_client_phone_trgm"}


def _index(field: str, name: str, **options):
    return django.contrib.postgres.indexes.GinIndex(
        django.contrib.postgres.indexes.OpClass(
            django.db.models.functions.text.Upper(
                django.db.models.functions.comparison.Cast(field, output_field=models.TextField())
            ),
            name="gin_trgm_ops",
        ),
        name=name,
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0009_consent_signed_patch_tests"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=[f"ALTER INDEX {name} SET (fastupdate = off)" for name in INDEXES.values()]
                    + [f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in INDEXES.values()],
                    reverse_sql=[f"ALTER INDEX {name} SET (fastupdate = on)" for name in INDEXES.values()],
                ),
            ],
            state_operations=[
                *(migrations.RemoveIndex(model_name="client", name=name) for name in INDEXES.values()),
                *(
                    migrations.AddIndex(model_name="client", index=_index(field, name, fastupdate=False))
                    for field, name in INDEXES.items()
                ),
            ],
        ),
    ]
