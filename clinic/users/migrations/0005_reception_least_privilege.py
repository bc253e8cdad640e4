"""Reception (Staff) keeps in the admin only what the front desk needs: clients, the price list, reading the
records. The clinic's rules and clinical texts (consent wording, booking policy, spacing rules, services,
artists and their hours, aftercare templates) are the owner's: the Manager group, alone, may change them.
Time off is still added by the whole team on the calendar's own page."""

import importlib

from django.db import migrations

_helpers = importlib.import_module("clinic.users.migrations.0003_staff_permissions")

# Taken from Staff; view stays where reception reads the setting (artists, hours, services, rules, templates).
TAKEN_FROM_STAFF = {
    "bookings": {
        "artist": "add change",
        "workinghours": "add change delete",
        "timeoff": "add change delete",
        "service": "change",
        "bookingpolicy": "change view",
        "spacingrules": "change",
    },
    "clients": {"consenttext": "add change view"},
    "aftercare": {"aftercaretemplate": "add change delete", "aftercarestep": "add change delete"},
}

GIVEN_TO_MANAGER = {
    "bookings": {
        "artist": "add change view",
        "workinghours": "add change delete view",
        "timeoff": "add change delete view",
        "service": "change view",
        "bookingpolicy": "change view",
        "spacingrules": "change view",
    },
    "clients": {"consenttext": "add change view"},
    "aftercare": {"aftercaretemplate": "add change delete view", "aftercarestep": "add change delete view"},
}


def trim(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if Group.objects.filter(name="Manager", permissions__codename="change_bookingpolicy").exists():
        return  # already done (this also runs to restore reference data in tests)
    _helpers.ensure_permissions(apps)
    _helpers.add_permissions(apps, "Manager", GIVEN_TO_MANAGER)
    staff, _ = Group.objects.get_or_create(name="Staff")
    for app_label, models in TAKEN_FROM_STAFF.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            staff.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_manager_lockouts"),
        ("quotes", "0006_price_list_permissions"),
        ("aftercare", "0003_staff_permissions"),
        ("outbox", "0002_staff_permissions"),
        ("clients", "0005_privacy_actions"),
    ]
    operations = [migrations.RunPython(trim, migrations.RunPython.noop)]
