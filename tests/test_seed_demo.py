from io import StringIO

import pytest
from django.core.management import call_command

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
    assert counts[2:] == (1, 3)  # the demo client's plan with its three sessions
    text = out.getvalue()
    assert "reception@demo.clinic" in text and "smp-demo-2026" in text
    assert User.objects.get(email="reception@demo.clinic").check_password("smp-demo-2026")
