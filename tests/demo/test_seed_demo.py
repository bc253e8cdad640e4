from io import StringIO

import pytest
from django.core.management import call_command

from aftercare.models import AftercareSchedule
from aftercare.selectors import reminders_for_schedule, schedule_view
from bookings.models import Appointment, Artist, TreatmentPlan
from clinic.users.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_the_logins(frozen, consultation, policy, session_services, spacing):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (User.objects.count(), Artist.objects.count(), TreatmentPlan.objects.count(), Appointment.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        User.objects.count(),
        Artist.objects.count(),
        TreatmentPlan.objects.count(),
        Appointment.objects.count(),
    )
    assert counts[2:] == (2, 6)  # the demo client's plan with three sessions, and one finished
    schedule = AftercareSchedule.objects.get()
    assert schedule.client.email == "aftercare@demo.clinic"
    assert schedule_view(schedule=schedule).day == 6
    assert reminders_for_schedule(schedule).filter(status="pending").exists()
    text = out.getvalue()
    assert "reception@demo.clinic" in text and "smp-demo-2026" in text
    assert User.objects.get(email="reception@demo.clinic").check_password("smp-demo-2026")
    # The home page's team section has something to say about each demo artist.
    assert all(artist.bio for artist in Artist.objects.all())


def test_every_demo_phone_number_survives_a_staff_form_save(frozen, consultation, policy, session_services, spacing):
    """Reception saving a demo client unchanged must not meet "Enter a valid phone number"."""
    from clients.models import Client
    from clients.phone import normalise_phone

    call_command("seed_demo", stdout=StringIO())
    for phone in Client.objects.exclude(phone="").values_list("phone", flat=True):
        assert normalise_phone(phone) == phone


def test_seed_demo_has_paid_quotes_with_their_receipts(frozen, consultation, policy, session_services, spacing):
    from payments.models import LedgerEntry, Receipt
    from payments.selectors import balances_for
    from quotes.models import Quote

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # nothing paid twice
    quotes = {q.client.email: q for q in Quote.objects.filter(status="accepted").select_related("client")}
    assert set(quotes) == {"client@demo.clinic", "aftercare@demo.clinic"}
    assert all(q.plan_id for q in quotes.values())
    balances = balances_for([q.pk for q in quotes.values()])
    assert balances[quotes["client@demo.clinic"].pk].deposit_paid
    assert balances[quotes["client@demo.clinic"].pk].outstanding > 0
    assert balances[quotes["aftercare@demo.clinic"].pk].settled
    assert LedgerEntry.objects.count() == 4
    assert Receipt.objects.count() == 4 and not Receipt.objects.filter(pdf_sha256="").exists()
