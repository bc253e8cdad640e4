"""Reception edits the aftercare templates and reads the outbox in the admin."""

import importlib

from django.db import migrations

STAFF_PERMISSIONS = {
    "aftercare": {
        "aftercaretemplate": "add change delete view",
        "aftercarestep": "add change delete view",
        "aftercareschedule": "view",
        "schedulestep": "view",
        "reminder": "view",
    }
}


def grant(apps, schema_editor):
    helpers = importlib.import_module("clinic.users.migrations.0003_staff_permissions")
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name="Staff", permissions__content_type__app_label="aftercare").exists():
        return  # already granted (this also runs to restore reference data in tests)
    helpers.ensure_permissions(apps)
    helpers.add_permissions(apps, "Staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0002_default_templates"), ("users", "0003_staff_permissions")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
