"""The appointments in the admin: shown, never edited there (changes go through the booking services)."""

import pytest
from django.urls import reverse

from tests.bookings.factories import AppointmentFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

TUE_10 = london(2026, 12, 1, 10, 0)


def test_admin_shows_appointments_read_only(frozen, client, artist, admin_user):
    appointment = AppointmentFactory(artist=artist, start=TUE_10)
    client.force_login(admin_user)
    url = reverse("admin:bookings_appointment_change", args=[appointment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"start_0": "2026-12-01"}).status_code == 403
    assert client.get(reverse("admin:bookings_appointment_add")).status_code == 403
    assert client.get(reverse("admin:bookings_appointment_changelist"), {"when": "upcoming"}).status_code == 200
