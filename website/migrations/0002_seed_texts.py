"""A fresh install has a real home page and privacy notice; the clinic edits every word in the admin."""

import importlib

from django.db import migrations

HOME = {
    "headline": "Scalp micropigmentation that looks like a fresh, close-cut head of hair",
    "intro": (
        "Start with a free, no-obligation consultation: we look at your hair loss, talk through the look you want, "
        "check that SMP is right for you and give you a written quote."
    ),
    "what_is_smp": (
        "Scalp micropigmentation (SMP) is a cosmetic tattoo for the scalp. Thousands of tiny pigment impressions, "
        "placed in the upper layer of the skin, recreate the look of shaved hair follicles.\n\n"
        "It is not surgery and needs no downtime: results show from the first session, and the pigment fades "
        "slowly over the years, so a top-up keeps it fresh."
    ),
    "who_it_is_for": (
        "Men and women with a receding hairline, a thinning crown, a fully bald head or thinning longer hair "
        "(density), and anyone who wants to hide a hair-transplant scar or patches of alopecia.\n\n"
        "It is not for everyone: some skin conditions, medicines and health conditions mean waiting or a letter "
        "from your GP first. We go through this with you at the consultation."
    ),
    "consultation": (
        "About 30–45 minutes in the clinic with your artist: your hair loss, the hairline and density you want, "
        "a few health questions, and a written quote. No payment, no pressure."
    ),
    "sessions": (
        "Usually three sessions, sometimes a fourth: the first two one to two weeks apart, the third about four "
        "weeks later. Each one builds up the layers of impressions; the first is the longest (3–4 hours)."
    ),
    "aftercare": (
        "Thirty days of simple care after your final session: dry for the first four days, then gentle washing, "
        "moisturiser and no sun on the scalp. We send you a day-by-day schedule and reminders."
    ),
    "top_ups": (
        "SMP fades slowly. A top-up every few years keeps it crisp; we remind you to book a check a year after "
        "your treatment."
    ),
}
TREATMENTS = [
    ("hairline", "A natural, age-appropriate hairline for a receding front."),
    ("crown", "Fills in a thinning or balding crown so it blends with the hair around it."),
    ("full_head", "The look of a full head of closely shaved hair, for a bald or almost bald head."),
    ("density", "Impressions between longer hair so thinning areas look thicker; hair kept at its length."),
    ("female_density", "Density for women's thinning or a widening parting, under longer hair."),
    ("scar", "Camouflage for hair-transplant (FUE/FUT) and other scalp scars; priced after we have seen them."),
    ("alopecia", "Patches of alopecia blended in, once the hair loss has been stable for a while."),
]
QUESTIONS = [
    (
        "Does it hurt?",
        "Most clients describe it as uncomfortable rather than painful – a scratching feeling that is strongest "
        "around the temples and crown. Sessions include breaks, and later sessions are shorter.",
    ),
    (
        "How long does it last?",
        "Several years. The pigment softens and lightens slowly; most clients have a top-up every three to six "
        "years. Sun protection on the scalp makes it last longer.",
    ),
    (
        "Will it look natural?",
        "Yes, when the impressions are the right size, depth and shade and the hairline suits your age and face. "
        "That is what the consultation and the first session are for; the shade is built up over the sessions.",
    ),
    (
        "Do I need to shave my head?",
        "For a full head, hairline or crown you keep your hair very short (a shaved or clipper look). Density "
        "treatment is done between longer hair, which stays at its length.",
    ),
    (
        "How much does it cost and how do I pay?",
        "You get a written quote at the free consultation; it covers all the sessions and the aftercare. A "
        "deposit secures your first session and is taken off the total.",
    ),
    (
        "Can I move or cancel an appointment?",
        "Yes: the e-mail confirming your appointment has a link to move or cancel it. Please give us as much "
        "notice as you can, as sessions are long and are kept free for you.",
    ),
]
PRIVACY = {
    "intro": (
        "This notice explains what personal information the clinic keeps about you, why, for how long, and the "
        "rights you have under UK data protection law (the UK GDPR and the Data Protection Act 2018). The clinic "
        "is the controller of this information."
    ),
    "data_we_keep": (
        "Contact details: your name, e-mail address, phone number and, if you give it, your date of birth.\n\n"
        "Appointments: your consultation and treatment sessions, what you asked about, quotes and what you "
        "accepted, and the messages we have sent you (confirmations, reminders, aftercare).\n\n"
        "Health information (special category data): your answers to the screening questions before treatment "
        "(skin conditions, medicines, health conditions), any GP letter, your signed consent, the artist's notes "
        "on each session and photos of your scalp taken to plan and follow the treatment."
    ),
    "why_we_keep_it": (
        "To book and run your consultation and treatment, and to send you the messages that go with it "
        "(performing our contract with you).\n\n"
        "To treat you safely: screening and session notes are health data, which we keep because they are needed "
        "to provide the treatment and, under local skin-piercing rules, to keep a record of it (explicit consent "
        "and health and social care purposes).\n\n"
        "Reminders about top-ups or offers are only sent if you said yes to them; you can stop them at any time. "
        "Photos are only used for anything other than your own record (such as our gallery) with your separate "
        "consent, which you can withdraw."
    ),
    "who_sees_it": (
        "Your artist and the clinic's reception team, each only as far as their work needs; changes to your "
        "record are logged. Our e-mail and SMS providers and our hosting provider process it on our "
        "behalf under contract. We never sell your information or share it for marketing."
    ),
    "how_long": (
        "Treatment records (screening, consent, session notes, photos): for as long as you are a client and "
        "then at least 2 years after your last treatment, as local skin-piercing rules require (we keep them 6 "
        "years in case of a claim).\n\n"
        "If you only had a consultation: 2 years after it. Messages we sent: 2 years. Quotes and payments: 6 "
        "years, for tax records."
    ),
    "your_rights": (
        "You can ask for a copy of the information we hold about you, ask us to correct it, to erase it (unless "
        "we must keep it by law), to restrict or object to how we use it, and to receive it in a portable form. "
        "Where we rely on your consent you can withdraw it at any time.\n\n"
        "We answer within one month, free of charge."
    ),
    "contact": (
        "Write to us at the address below or e-mail us. If you are unhappy with how we have handled your "
        "information you can complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113)."
    ),
}


def seed(apps, schema_editor):
    """Also run by tests/conftest.py after a flush; adds only what is missing, never overwrites an edit."""
    apps.get_model("website", "HomePage").objects.get_or_create(pk=1, defaults=HOME)
    apps.get_model("website", "PrivacyNotice").objects.get_or_create(pk=1, defaults=PRIVACY)
    TreatmentText = apps.get_model("website", "TreatmentText")
    for position, (kind, description) in enumerate(TREATMENTS):
        TreatmentText.objects.get_or_create(
            treatment_type=kind, defaults={"description": description, "position": position}
        )
    Question = apps.get_model("website", "Question")
    if not Question.objects.exists():
        Question.objects.bulk_create(
            Question(question=q, answer=a, position=position) for position, (q, a) in enumerate(QUESTIONS)
        )


# Reception and managers keep the website's texts (no deletes of the two pages; questions come and go).
PERMISSIONS = {
    "website": {
        "homepage": "change view",
        "privacynotice": "change view",
        "treatmenttext": "add change delete view",
        "question": "add change delete view",
    }
}


def grant(apps, schema_editor):
    helpers = importlib.import_module("clinic.users.migrations.0003_staff_permissions")
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name="Manager", permissions__codename="change_homepage").exists():
        return  # already granted (this also runs to restore reference data in tests)
    helpers.ensure_permissions(apps)
    for group in ("Staff", "Manager"):
        helpers.add_permissions(apps, group, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("users", "0003_staff_permissions"),
        ("quotes", "0003_manager_group"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop), migrations.RunPython(grant, migrations.RunPython.noop)]
