from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0005_reminder_subject"), ("outbox", "0001_initial")]

    # The table now belongs to outbox (renamed there); only aftercare's idea of it goes.
    operations = [migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("Reminder")])]
