from django.db import migrations

CONSENT_V1 = """I confirm that the information I gave at my consultation is true and complete, and that I will tell
the clinic about any change to my health before each session.
I understand that scalp micropigmentation is a cosmetic tattoo: pigment is placed in the upper layer of
the skin, it is semi-permanent, it fades gradually and may need top-ups; results vary from person to
person and usually need 3 (sometimes 4) sessions.
I understand the risks, which include redness, swelling, tenderness, uneven fading, and rarely
infection or an allergic reaction, and I will follow the aftercare instructions I am given.
I agree that photographs may be taken for my treatment record."""


def create_consent(apps, schema_editor):
    ConsentText = apps.get_model("clients", "ConsentText")
    if not ConsentText.objects.exists():
        ConsentText.objects.create(version=1, body=CONSENT_V1, is_current=True)


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_initial")]
    operations = [migrations.RunPython(create_consent, migrations.RunPython.noop)]
