from django.db import migrations

SERVICES = [
    # slug, name, minutes, buffer, bookable online
    ("consultation", "Free consultation", 30, 15, True),
    ("session-first", "SMP session 1", 180, 30, False),
    ("session-follow-up", "SMP session (follow-up)", 150, 30, False),
]


def create_defaults(apps, schema_editor):
    """Every clinic needs these rows; all stay editable in the admin."""
    Service = apps.get_model("bookings", "Service")
    for slug, name, minutes, buffer, online in SERVICES:
        Service.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "duration_minutes": minutes, "buffer_minutes": buffer, "bookable_online": online},
        )
    apps.get_model("bookings", "BookingPolicy").objects.get_or_create(pk=1)
    apps.get_model("bookings", "SpacingRules").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0003_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
