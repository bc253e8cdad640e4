"""The outbox moves below the domain apps: a reminder names what it is about by `subject_id` (its kind
says of which model) instead of one foreign key per app. Values copied; reversible."""

from django.db import migrations, models

APPOINTMENT = "'booking_confirmed','booking_moved','booking_cancelled','consultation','session'"
STEP = "'aftercare_step','check_in'"

FORWARD = f"""
UPDATE aftercare_reminder SET subject_id = CASE
    WHEN kind IN ({APPOINTMENT}) THEN appointment_id
    WHEN kind IN ({STEP}) THEN step_id
    WHEN kind = 'top_up' THEN schedule_id
    WHEN kind = 'quote_expiring' THEN quote_id
END
"""

BACKWARD = f"""
UPDATE aftercare_reminder r SET
    appointment_id = CASE WHEN r.kind IN ({APPOINTMENT}) THEN r.subject_id END,
    step_id = CASE WHEN r.kind IN ({STEP}) THEN r.subject_id END,
    schedule_id = CASE
        WHEN r.kind = 'top_up' THEN r.subject_id
        WHEN r.kind IN ({STEP}) THEN (SELECT s.schedule_id FROM aftercare_schedulestep s WHERE s.id = r.subject_id)
    END,
    quote_id = CASE WHEN r.kind = 'quote_expiring' THEN r.subject_id END
"""


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0004_one_schedule_per_session_purpose")]

    operations = [
        migrations.AddField("reminder", "subject_id", models.BigIntegerField(null=True)),
        migrations.RunSQL(FORWARD, migrations.RunSQL.noop),
        migrations.AlterField(
            "reminder",
            "subject_id",
            models.BigIntegerField(help_text="The object the message is about (its kind says of which model)."),
        ),
        # Reversed, these add the columns back (nullable) before BACKWARD fills them.
        migrations.RunSQL(migrations.RunSQL.noop, BACKWARD),
        migrations.RemoveField("reminder", "appointment"),
        migrations.RemoveField("reminder", "quote"),
        migrations.RemoveField("reminder", "schedule"),
        migrations.RemoveField("reminder", "step"),
        # Kinds are registered by the apps that send them (outbox.kinds), not listed in the outbox.
        migrations.RemoveConstraint("reminder", "aftercare_reminder_kind"),
    ]
