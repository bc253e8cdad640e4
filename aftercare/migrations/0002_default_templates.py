"""The clinic's default aftercare templates (from the domain notes); staff edit them in the admin."""

from django.db import migrations

FINAL = {
    "name": "30-day aftercare after your final session",
    "purpose": "final",
    "closing_advice": (
        "From now on: SPF 30+ on your scalp whenever you are outdoors, and moisturise regularly. "
        "Pigment softens over the years, faster with sun; a top-up every few years keeps it crisp, "
        "and we will remind you to book a check."
    ),
    "steps": [
        (0, 4, "Keep your scalp completely dry", True, False,
         "No washing, no rain (wear a loose hat or use an umbrella), no swimming. Don't touch or scratch "
         "the treated area. No sweating: no gym, running or heavy exercise, and avoid hot, steamy rooms. "
         "No shaving."),
        (0, 30, "No sun on your scalp", False, False,
         "Cover your head outdoors with a loose hat and stay out of direct sun. No sunbeds. Avoid AHA, "
         "glycolic or exfoliating products on the scalp."),
        (0, 28, "No pools, sauna or steam room", False, False,
         "Chlorine, salt water and heat fade fresh pigment. Stay out of swimming pools, the sea, saunas "
         "and steam rooms."),
        (4, 5, "First gentle rinse", True, False,
         "Rinse with lukewarm water or a mild, alcohol-free cleanser. Pat dry with a clean towel: dab, "
         "don't rub."),
        (5, 10, "Flaking is normal: don't pick", True, False,
         "Small flakes are the surface healing; let them fall on their own. Start moisturising with a "
         "fragrance-free moisturiser around day 5–6 and daily from then on. Clippers, not a razor, until "
         "day 10. Still no heavy sweating."),
        (10, 14, "Back to normal washing", True, False,
         "A normal mild shampoo is fine now. You can shave again, gently. Keep moisturising daily."),
        (15, 30, "Healed on top, still settling underneath", True, False,
         "Your scalp looks healed but the pigment is still settling: keep it out of the sun, no sunbeds, "
         "and no pools, sauna or steam until day 28."),
        (28, None, "Pools, sauna and steam: from today", False, False,
         "You can swim and use the sauna or steam room again. Keep your scalp out of strong sun until "
         "day 30, and use SPF 30+ after that."),
        (30, None, "Check-in: is a touch-up needed?", False, True,
         "Look at your scalp in daylight. If any area looks lighter or patchy, a short touch-up "
         "evens it out. From now on: SPF 30+ whenever outdoors, and moisturise regularly."),
    ],
}

BETWEEN = {
    "name": "Between sessions",
    "purpose": "between",
    "closing_advice": "Come to your next session with a clean, dry scalp, shaved as your artist advised.",
    "steps": [
        (0, 3, "Keep your scalp dry", True, False,
         "No washing, rain or swimming for 3–4 days. Don't touch or scratch. No sweating, gym or heavy "
         "exercise."),
        (0, 10, "No sun on your scalp", False, False,
         "Wear a loose hat outdoors; no sunbeds, pools, sauna or steam room until your next session."),
        (4, None, "Rinse, then moisturise", True, False,
         "From today, rinse gently with lukewarm water, pat dry (dab, don't rub) and start a "
         "fragrance-free moisturiser. Let any flakes fall on their own."),
    ],
}


def create_templates(apps, schema_editor):
    Template = apps.get_model("aftercare", "AftercareTemplate")
    Step = apps.get_model("aftercare", "AftercareStep")
    for spec in (FINAL, BETWEEN):
        if Template.objects.filter(purpose=spec["purpose"]).exists():
            continue
        template = Template.objects.create(
            name=spec["name"], purpose=spec["purpose"], closing_advice=spec["closing_advice"], is_default=True
        )
        Step.objects.bulk_create(
            Step(template=template, day=day, last_day=last_day, title=title, send_reminder=remind,
                 is_check_in=check_in, instructions=text)
            for day, last_day, title, remind, check_in, text in spec["steps"]
        )


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0001_initial")]
    operations = [migrations.RunPython(create_templates, migrations.RunPython.noop)]
