from decimal import Decimal

from django.db import migrations

# Realistic UK figures (shared/DOMAIN.md); the clinic edits them in the admin.
BASE = {
    "hairline": ("1200.00", "3 sessions and 30-day aftercare"),
    "crown": ("1100.00", "3 sessions and 30-day aftercare"),
    "full_head": ("1900.00", "3 sessions and 30-day aftercare"),
    "density": ("1000.00", "3 sessions and 30-day aftercare"),
    "female_density": ("1000.00", "3 sessions and 30-day aftercare"),
    "scar": ("900.00", "3 sessions and 30-day aftercare; priced after assessment"),
    "alopecia": ("1400.00", "3 sessions and 30-day aftercare"),
    "other": ("900.00", "3 sessions and 30-day aftercare"),
}
EXTENT = {
    "norwood": {1: "0", 2: "0", 3: "100", 4: "250", 5: "400", 6: "600", 7: "800"},
    "ludwig": {1: "0", 2: "200", 3: "450"},
    "scars": {1: "0", 2: "150", 3: "300", 4: "450", 5: "600"},
}
EXTRAS = [("fourth-session", "4th session (touch-up layer)", "250.00"), ("top-up", "Top-up session", "300.00")]


def seed(apps, schema_editor):
    TreatmentPrice = apps.get_model("quotes", "TreatmentPrice")
    ExtentPrice = apps.get_model("quotes", "ExtentPrice")
    PriceExtra = apps.get_model("quotes", "PriceExtra")
    for kind, (price, includes) in BASE.items():
        TreatmentPrice.objects.get_or_create(treatment_type=kind, defaults={"base_price": Decimal(price), "includes": includes})
    for scale, stages in EXTENT.items():
        for stage, amount in stages.items():
            ExtentPrice.objects.get_or_create(scale=scale, stage=stage, defaults={"amount": Decimal(amount)})
    for code, name, price in EXTRAS:
        PriceExtra.objects.get_or_create(code=code, defaults={"name": name, "price": Decimal(price)})


class Migration(migrations.Migration):
    dependencies = [("quotes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
