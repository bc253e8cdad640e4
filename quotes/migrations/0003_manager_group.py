from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_manager_group(apps, schema_editor):
    """Managers may set a quote's price outside the clinic's band (with a recorded reason)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if Group.objects.filter(name="Manager", permissions__codename="override_price_band").exists():
        return  # already done (this also runs to restore reference data in tests)
    config = apps.get_app_config("quotes")
    had = getattr(config, "models_module", None)
    config.models_module = had or True  # create_permissions skips apps it thinks have no models
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = had
    manager, _ = Group.objects.get_or_create(name="Manager")
    manager.permissions.add(*Permission.objects.filter(content_type__app_label="quotes", codename="override_price_band"))
    staff, _ = Group.objects.get_or_create(name="Staff")
    staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="quotes",
            codename__in=[
                "view_quote",
                "view_treatmentprice",
                "change_treatmentprice",
                "view_extentprice",
                "change_extentprice",
                "add_extentprice",
                "view_priceextra",
                "change_priceextra",
                "add_priceextra",
            ],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("quotes", "0002_demo_price_list"), ("users", "0003_staff_permissions")]
    operations = [migrations.RunPython(create_manager_group, migrations.RunPython.noop)]
