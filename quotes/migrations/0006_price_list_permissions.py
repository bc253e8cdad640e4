"""Reception and managers keep the price list in the admin and read quotes there (never change them)."""

import importlib

from django.db import migrations

# Deleting is left out: a price row is corrected or retired ("is active"), not removed.
PRICE_LIST_PERMISSIONS = {
    "quotes": {
        "treatmentprice": "add change view",
        "extentprice": "add change view",
        "priceextra": "add change view",
        "quote": "view",
        "quoteline": "view",
    }
}


def grant(apps, schema_editor):
    helpers = importlib.import_module("clinic.users.migrations.0003_staff_permissions")
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name="Manager", permissions__codename="change_treatmentprice").exists():
        return  # already granted (this also runs to restore reference data in tests)
    helpers.ensure_permissions(apps)
    # Both groups, so a manager keeps the price list whether or not they are also in Staff.
    for group in ("Staff", "Manager"):
        helpers.add_permissions(apps, group, PRICE_LIST_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0005_history"), ("users", "0003_staff_permissions")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
