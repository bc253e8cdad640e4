"""Reception reads the outbox in the admin (also on a database that never had aftercare's reminder)."""

import importlib

from django.db import migrations


def grant(apps, schema_editor):
    helpers = importlib.import_module("clinic.users.migrations.0003_staff_permissions")
    helpers.ensure_permissions(apps)
    helpers.add_permissions(apps, "Staff", {"outbox": {"reminder": "view"}})


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial"), ("users", "0003_staff_permissions")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
