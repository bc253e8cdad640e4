"""The booking models' own behaviour."""

import pytest

from tests.bookings.factories import AppointmentFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db


def test_admin_labels_are_in_clinic_time(artist):
    appointment = AppointmentFactory(artist=artist, start=london(2027, 6, 1, 10, 0))
    assert "2027-06-01 10:00" in str(appointment)
