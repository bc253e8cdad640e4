from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AftercareSchedule
from aftercare.selectors import reminders_for_schedule, schedule_view
from bookings.models import Appointment, Artist, TreatmentPlan
from clinic.clock import local_today, to_clinic_time
from clinic.users.models import User
from demo.diary import VISITS

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
    # the demo client's plan with three sessions, one finished, and every consultation of the diary
    assert counts[2:] == (2, 6 + 2 + len(VISITS))  # + the two treatment clients' first consultations
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


def test_the_demo_diary_fills_today_tomorrow_and_the_weeks_before(
    frozen, client, consultation, policy, session_services, spacing
):
    call_command("seed_demo", stdout=StringIO())
    today = local_today()
    days = {(to_clinic_time(a.start).date() - today).days for a in consultations()}
    assert {0, 1} <= days and min(days) < -14  # today, tomorrow and a month back
    assert consultations().filter(status="no_show").count() == 1
    late = consultations().get(status="cancelled")
    assert late.start - late.cancelled_at < timedelta(hours=48)  # a late cancellation
    client.force_login(User.objects.get(email="reception@demo.clinic"))
    home = client.get(reverse("frontdesk:home")).content.decode()
    assert "Dan Morris" in home and "Ruth Evans" in home  # today's arrival and tomorrow's

    before = consultations().count()
    frozen.shift(timedelta(days=1))
    call_command("seed_demo", stdout=StringIO())
    assert consultations().count() > before  # the new day has its own arrivals
    assert not consultations().filter(status="booked", end__lte=timezone.now()).exists()  # yesterday's came
    again = consultations().count()
    call_command("seed_demo", stdout=StringIO())
    assert consultations().count() == again


def consultations():
    return Appointment.objects.filter(plan__isnull=True)


def test_the_demo_reads_as_a_clinic_in_the_owner_reports(frozen, consultation, policy, session_services, spacing):
    """Booked before the visit, quoted and accepted before the first payment: no negative lead time or balance."""
    from payments.models import LedgerEntry
    from quotes.models import Quote

    call_command("seed_demo", stdout=StringIO())
    assert consultations().exists()
    assert not [a for a in consultations() if a.created_at > a.start]
    for quote in Quote.objects.filter(status="accepted"):
        first_paid = LedgerEntry.objects.filter(quote=quote).order_by("recorded_at").first()
        assert quote.issued_at <= quote.accepted_at <= first_paid.recorded_at


def test_the_demo_journeys_run_through_the_funnel(frozen, consultation, policy, session_services, spacing):
    """The two treatment clients came to a consultation before their quote: the funnel goes past "attended"."""
    from frontdesk.reports.period import Period
    from frontdesk.reports.selectors.funnel import funnel

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent: one first consultation each
    today = local_today()
    steps = {
        s.name: s.clients for s in funnel(period=Period(first=today - timedelta(days=90), last=today), today=today)
    }
    assert steps["quoted"] == steps["accepted"] == 2
    assert steps["first_session"] == steps["completed"] == 1  # the client in aftercare; the other's are ahead
    for email in ("client@demo.clinic", "aftercare@demo.clinic"):
        first = consultations().get(client__email=email)
        assert first.status == "attended" and first.created_at < first.start
