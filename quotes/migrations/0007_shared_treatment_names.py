from django.db import migrations, models

# The price list, quotes, client records and plans share clients.models.ExtentScale: the quotes' "scars"
# (priced by the number of scars) is the clients' "area" (scars, alopecia patches, beard areas).
OLD_TO_NEW = {"scars": "area"}


def _female_density_plans(apps):
    Quote = apps.get_model("quotes", "Quote")
    return Quote.objects.filter(treatment_type="female_density", plan__isnull=False).values("plan_id")


def rename(apps, schema_editor):
    """Also run by tests/conftest.py after a flush, when the demo price list is seeded again."""
    for old, new in OLD_TO_NEW.items():
        apps.get_model("quotes", "ExtentPrice").objects.filter(scale=old).update(scale=new)
        for name in ("Quote", "HistoricalQuote"):
            apps.get_model("quotes", name).objects.filter(extent_scale=old).update(extent_scale=new)
    # A plan made from a female density quote was stored as density (plans had no such type); now it keeps it.
    plans = _female_density_plans(apps)
    for name, key in (("TreatmentPlan", "pk__in"), ("HistoricalTreatmentPlan", "id__in")):
        apps.get_model("bookings", name).objects.filter(**{key: plans}, treatment_type="density").update(
            treatment_type="female_density"
        )


def rename_back(apps, schema_editor):
    for old, new in OLD_TO_NEW.items():
        apps.get_model("quotes", "ExtentPrice").objects.filter(scale=new).update(scale=old)
        for name in ("Quote", "HistoricalQuote"):
            apps.get_model("quotes", name).objects.filter(extent_scale=new).update(extent_scale=old)
    plans = _female_density_plans(apps)
    for name, key in (("TreatmentPlan", "pk__in"), ("HistoricalTreatmentPlan", "id__in")):
        apps.get_model("bookings", name).objects.filter(**{key: plans}, treatment_type="female_density").update(
            treatment_type="density"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0009_shared_treatment_names'),
        ('clients', '0006_shared_treatment_names'),
        ('quotes', '0006_price_list_permissions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='extentprice',
            name='scale',
            field=models.CharField(choices=[('norwood', 'Norwood (male pattern) 1–7'), ('ludwig', 'Ludwig (female pattern) I–III'), ('area', 'Scars / areas (scar, alopecia, beard…)')], max_length=10),
        ),
        migrations.AlterField(
            model_name='historicalquote',
            name='extent_scale',
            field=models.CharField(blank=True, choices=[('norwood', 'Norwood (male pattern) 1–7'), ('ludwig', 'Ludwig (female pattern) I–III'), ('area', 'Scars / areas (scar, alopecia, beard…)')], max_length=10),
        ),
        migrations.AlterField(
            model_name='quote',
            name='extent_scale',
            field=models.CharField(blank=True, choices=[('norwood', 'Norwood (male pattern) 1–7'), ('ludwig', 'Ludwig (female pattern) I–III'), ('area', 'Scars / areas (scar, alopecia, beard…)')], max_length=10),
        ),
        migrations.RunPython(rename, rename_back),
    ]
