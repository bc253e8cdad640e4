from django.db import migrations, models

# Plans use the shared clients.models.TreatmentType, which has female density as a type; nothing stored
# changes going forward (quotes 0006 re-types the plans made from female density quotes).


def density_again(apps, schema_editor):
    # Before, a plan had no female density type: those plans go back to density.
    for name in ("TreatmentPlan", "HistoricalTreatmentPlan"):
        apps.get_model("bookings", name).objects.filter(treatment_type="female_density").update(
            treatment_type="density"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0008_history'),
        ('clients', '0006_shared_treatment_names'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='treatmentplan',
            name='bookings_plan_type_valid',
        ),
        migrations.AlterField(
            model_name='historicaltreatmentplan',
            name='treatment_type',
            field=models.CharField(choices=[('hairline', 'Hairline'), ('crown', 'Crown'), ('full_head', 'Full head'), ('density', 'Density (thinning hair)'), ('female_density', 'Female density'), ('scar', 'Scar camouflage'), ('alopecia', 'Alopecia'), ('other', 'Other')], max_length=16),
        ),
        migrations.AlterField(
            model_name='treatmentplan',
            name='treatment_type',
            field=models.CharField(choices=[('hairline', 'Hairline'), ('crown', 'Crown'), ('full_head', 'Full head'), ('density', 'Density (thinning hair)'), ('female_density', 'Female density'), ('scar', 'Scar camouflage'), ('alopecia', 'Alopecia'), ('other', 'Other')], max_length=16),
        ),
        migrations.RunPython(migrations.RunPython.noop, density_again),
        migrations.AddConstraint(
            model_name='treatmentplan',
            constraint=models.CheckConstraint(condition=models.Q(('treatment_type__in', ['hairline', 'crown', 'full_head', 'density', 'female_density', 'scar', 'alopecia', 'other'])), name='bookings_plan_type_valid'),
        ),
    ]
