from django.db import migrations, models

# Client records, plans and the price list now share clients.models.TreatmentType: "thinning" is "density".
OLD_TO_NEW = {"thinning": "density"}


def rename(apps, schema_editor):
    for name in ("Client", "HistoricalClient"):
        model = apps.get_model("clients", name)
        for old, new in OLD_TO_NEW.items():
            model.objects.filter(concern=old).update(concern=new)


def rename_back(apps, schema_editor):
    # Before, there was no female density concern: it goes back to "thinning" with density.
    for name in ("Client", "HistoricalClient"):
        model = apps.get_model("clients", name)
        model.objects.filter(concern__in=["density", "female_density"]).update(concern="thinning")


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0005_privacy_actions'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='client',
            name='clients_client_concern_valid',
        ),
        migrations.AlterField(
            model_name='client',
            name='concern',
            field=models.CharField(choices=[('hairline', 'Hairline'), ('crown', 'Crown'), ('full_head', 'Full head'), ('density', 'Density (thinning hair)'), ('female_density', 'Female density'), ('scar', 'Scar camouflage'), ('alopecia', 'Alopecia'), ('other', 'Other')], default='other', max_length=20),
        ),
        migrations.AlterField(
            model_name='client',
            name='hair_loss_scale',
            field=models.CharField(blank=True, choices=[('norwood', 'Norwood (male pattern) 1–7'), ('ludwig', 'Ludwig (female pattern) I–III'), ('area', 'Scars / areas (scar, alopecia, beard…)')], max_length=10),
        ),
        migrations.AlterField(
            model_name='historicalclient',
            name='concern',
            field=models.CharField(choices=[('hairline', 'Hairline'), ('crown', 'Crown'), ('full_head', 'Full head'), ('density', 'Density (thinning hair)'), ('female_density', 'Female density'), ('scar', 'Scar camouflage'), ('alopecia', 'Alopecia'), ('other', 'Other')], default='other', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalclient',
            name='hair_loss_scale',
            field=models.CharField(blank=True, choices=[('norwood', 'Norwood (male pattern) 1–7'), ('ludwig', 'Ludwig (female pattern) I–III'), ('area', 'Scars / areas (scar, alopecia, beard…)')], max_length=10),
        ),
        migrations.RunPython(rename, rename_back),
        migrations.AddConstraint(
            model_name='client',
            constraint=models.CheckConstraint(condition=models.Q(('concern__in', ['hairline', 'crown', 'full_head', 'density', 'female_density', 'scar', 'alopecia', 'other'])), name='clients_client_concern_valid'),
        ),
    ]
