from django.db import migrations


def create_defaults(apps, schema_editor):
    """Every clinic needs the free consultation and a booking policy; both stay editable in the admin."""
    Service = apps.get_model("bookings", "Service")
    BookingPolicy = apps.get_model("bookings", "BookingPolicy")
    Service.objects.get_or_create(
        slug="consultation",
        defaults={"name": "Free consultation", "duration_minutes": 30, "buffer_minutes": 15, "bookable_online": True},
    )
    BookingPolicy.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0003_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
