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
    },
    "clients": {
        "client": "add change view",
        "clientnote": "add view",
        "screening": "view",
        "consenttext": "add change view",
        "clientconsent": "view",
    },
}


def ensure_permissions(apps) -> None:
    """Permissions are normally created after migrating; make sure they exist on a fresh database."""
    for config in apps.get_app_configs():
        had = getattr(config, "models_module", None)
        config.models_module = had or True  # create_permissions skips apps it thinks have no models
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = had


def add_permissions(apps, group_name: str, permissions: dict) -> None:
    """Give a group {app_label: {model: "add change …"}}; adding twice changes nothing."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, models in permissions.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name="Staff", permissions__content_type__app_label="bookings").exists():
        return  # already granted (this also runs to restore reference data in tests)
    ensure_permissions(apps)
    add_permissions(apps, "Staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_role_groups"),
        ("bookings", "0006_one_active_plan"),
        ("clients", "0003_consent_v1"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
