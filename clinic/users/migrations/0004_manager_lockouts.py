import importlib

from django.db import migrations

_helpers = importlib.import_module("clinic.users.migrations.0003_staff_permissions")

# Managers see login lockouts in the admin and may lift one (delete the attempt record).
MANAGER_PERMISSIONS = {
    "axes": {"accessattempt": "view delete", "accesslog": "view", "accessfailurelog": "view"},
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name="Manager", permissions__content_type__app_label="axes").exists():
        return  # already granted (this also runs to restore reference data in tests)
    _helpers.ensure_permissions(apps)
    _helpers.add_permissions(apps, "Manager", MANAGER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_staff_permissions"),
        ("quotes", "0003_manager_group"),
        ("axes", "0010_accessattemptexpiration"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
