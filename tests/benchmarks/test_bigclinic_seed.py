"""benchmarks/bigclinic.py still seeds a clinic the schema accepts, with the counts it promises.

The seed writes rows by COPY and INSERT … SELECT, past the models: a new NOT NULL column (bookings 0016)
once broke it silently, and `make bench` found out an hour in. SMALL is the size load.py seeds first.
"""

import random
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db.models import F

from bookings.models import Appointment, Artist, TreatmentPlan, WorkingHours
from clients.models import Client
from quotes.models import Quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import bigclinic  # a script directory, not a package

pytestmark = pytest.mark.django_db


def test_the_small_clinic_seeds_with_its_counts():
    size = bigclinic.SMALL
    bigclinic.seed(size, today=date(2026, 6, 2), rng=random.Random(6))

    assert Artist.objects.count() == size.artists
    assert WorkingHours.objects.count() == size.artists * 6  # Monday to Saturday
    assert Client.objects.count() == size.clients
    assert Appointment.objects.count() == size.appointments
    assert Quote.objects.count() == size.quotes
    assert Quote.objects.filter(lines__isnull=False).distinct().count() == size.quotes
    # Three sessions to a plan, each plan on its own artist's sessions.
    assert TreatmentPlan.objects.exists()
    assert not Appointment.objects.filter(plan__isnull=False).exclude(plan__artist=F("artist")).exists()
    # Today and load.py's busy day (the first Tuesday a week ahead) have a full diary, as in the large clinic.
    for day in (date(2026, 6, 2), date(2026, 6, 9)):
        assert Appointment.objects.filter(start__date=day).values("artist").distinct().count() == size.artists


def test_the_seed_reads_as_a_clinic_in_the_reports():
    """Booked before the visit, from more than one source, some cancelled: no negative lead time in the report."""
    bigclinic.seed(bigclinic.SMALL, today=date(2026, 6, 2), rng=random.Random(6))

    assert not Appointment.objects.filter(created_at__gt=F("start")).exists()
    assert set(Appointment.objects.values_list("source", flat=True).distinct()) == {"online", "staff", "api"}
    cancelled = Appointment.objects.filter(status="cancelled")
    assert cancelled.exists() and not cancelled.filter(plan__isnull=False).exists()
    assert not cancelled.filter(cancelled_at__isnull=True).exists()
    assert not cancelled.filter(cancelled_at__lt=F("created_at")).exists()
    from payments.models import LedgerEntry

    kinds = set(LedgerEntry.objects.values_list("kind", flat=True).distinct())
    assert {"deposit", "payment"} <= kinds
    assert not LedgerEntry.objects.filter(quote__status__in=["issued", "expired"]).exists()
