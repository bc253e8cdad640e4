from django.db import migrations, models


class Migration(migrations.Migration):
    """The start index becomes covering (the reports' year of appointments read from the index alone); the new one
    is built before the old one goes, so no query is ever without an index on start."""

    dependencies = [
        ("bookings", "0016_patch_test_rule"),
        ("clients", "0010_search_indexes_fastupdate_off"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="appointment",
            index=models.Index(
                fields=["start"],
                include=(
                    "artist",
                    "service",
                    "client",
                    "status",
                    "end",
                    "cancelled_at",
                    "source",
                    "created_at",
                    "session_number",
                ),
                name="bookings_appt_start_covering",
            ),
        ),
        migrations.RemoveIndex(model_name="appointment", name="bookings_appt_start"),
    ]
