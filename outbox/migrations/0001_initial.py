"""The outbox's rows move here from aftercare: the table and its constraints are renamed, nothing is copied.

aftercare 0005 already replaced the per-app foreign keys by `subject_id`; aftercare 0006 drops the
model from aftercare's state. The content type follows, so the permissions granted on it stay.
"""

import django.db.models.deletion
import outbox.kinds
from django.db import migrations, models


NAMES = ["channel", "status", "expiry", "sent_has_time", "claim_time"]
INDEXES = ["due", "claimed", "status_due"]
RENAME = ["ALTER TABLE aftercare_reminder RENAME TO outbox_reminder"]
RENAME += [f"ALTER TABLE outbox_reminder RENAME CONSTRAINT aftercare_reminder_{n} TO outbox_reminder_{n}" for n in NAMES]
RENAME += [f"ALTER INDEX aftercare_reminder_{n} RENAME TO outbox_reminder_{n}" for n in INDEXES]
UNRENAME = [f"ALTER INDEX outbox_reminder_{n} RENAME TO aftercare_reminder_{n}" for n in INDEXES]
UNRENAME += [f"ALTER TABLE outbox_reminder RENAME CONSTRAINT outbox_reminder_{n} TO aftercare_reminder_{n}" for n in NAMES]
UNRENAME += ["ALTER TABLE outbox_reminder RENAME TO aftercare_reminder"]


def _move_content_type(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=source, model="reminder").first()
    if old is None:
        return
    # One made meanwhile (by a permissions helper) holds nothing yet: the old one, with its grants, wins.
    ContentType.objects.filter(app_label=target, model="reminder").delete()
    old.app_label = target
    old.save(update_fields=["app_label"])


def move_content_type(apps, schema_editor):
    _move_content_type(apps, "aftercare", "outbox")


def move_content_type_back(apps, schema_editor):
    _move_content_type(apps, "outbox", "aftercare")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('clients', '0005_privacy_actions'),
        ('aftercare', '0005_reminder_subject'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(RENAME, UNRENAME)],
            state_operations=[
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(help_text='Idempotency key: what, for which object, when.', max_length=200, unique=True)),
                ('kind', models.CharField(choices=outbox.kinds.choices, max_length=24)),
                ('channel', models.CharField(choices=[('email', 'E-mail'), ('sms', 'SMS')], default='email', max_length=8)),
                ('subject_id', models.BigIntegerField(help_text='The object the message is about (its kind says of which model).')),
                ('due_at', models.DateTimeField(help_text='When it should go out.')),
                ('expires_at', models.DateTimeField()),
                ('available_at', models.DateTimeField()),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled'), ('skipped', 'Skipped')], default='pending', max_length=12)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('note', models.CharField(blank=True, help_text='Why it was skipped or cancelled.', max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='clients.client')),
            ],
            options={
                'ordering': ['due_at', 'pk'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['available_at'], name='outbox_reminder_due'), models.Index(condition=models.Q(('status', 'sending')), fields=['claimed_at'], name='outbox_reminder_claimed'), models.Index(fields=['status', 'due_at'], name='outbox_reminder_status_due')],
                'constraints': [models.CheckConstraint(condition=models.Q(('channel__in', ['email', 'sms'])), name='outbox_reminder_channel'), models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped'])), name='outbox_reminder_status'), models.CheckConstraint(condition=models.Q(('expires_at__gte', models.F('due_at'))), name='outbox_reminder_expiry'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='outbox_reminder_sent_has_time'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'sending'), _negated=True), ('claimed_at__isnull', False), _connector='OR'), name='outbox_reminder_claim_time')],
            },
        ),
            ],
        ),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(fields=["subject_id", "kind"], name="outbox_reminder_subject"),
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
