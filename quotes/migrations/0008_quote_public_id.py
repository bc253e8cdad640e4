"""A random public_id per quote for the client's link (instead of its sequential primary key).

Existing quotes each get their own (a callable default would give them all one value); history rows
take their quote's.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0007_shared_treatment_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="historicalquote",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunSQL(
            [
                "UPDATE quotes_quote SET public_id = gen_random_uuid() WHERE public_id IS NULL",
                "UPDATE quotes_historicalquote h SET public_id = q.public_id FROM quotes_quote q WHERE h.id = q.id",
                "UPDATE quotes_historicalquote SET public_id = gen_random_uuid() WHERE public_id IS NULL",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="quote",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="historicalquote",
            name="public_id",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
