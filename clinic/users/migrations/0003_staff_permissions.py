from django.contrib.auth.management import create_permissions
from django.db import migrations

# What reception may do in the admin: run the clinic's settings and records, not the people's logins.
STAFF_PERMISSIONS = {
    "bookings": {
        "artist": "add change view",
        "workinghours": "add change delete view",
        "timeoff": "add change delete view",
        "service": "change view",
        "bookingpolicy": "change view",
        "spacingrules": "change view",
        "appointment": "view",
        "treatmentplan": "view",
        "sessionnote": "view",
        "bookingemail": "view",
    },
    "clients": {
        "client": "add change view",
        "clientnote": "add view",
        "screening": "view",
        "consenttext": "add change view",
        "clientconsent": "view",
    },
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name="Staff", permissions__isnull=False).exists():
        return  # already granted (this also runs to restore reference data in tests)
    # Permissions are normally created after migrating; make sure they exist on a fresh database.
    for config in apps.get_app_configs():
        had = getattr(config, "models_module", None)
        config.models_module = had or True  # create_permissions skips apps it thinks have no models
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = had
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name="Staff")
    for app_label, models in STAFF_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            staff.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_role_groups"),
        ("bookings", "0006_one_active_plan"),
        ("clients", "0003_consent_v1"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
