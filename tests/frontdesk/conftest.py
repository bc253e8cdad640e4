"""The staff home's day (tests/frontdesk/test_home.py, test_home_cache.py)."""

import pytest
from django.contrib.auth.models import Group

from bookings.models import Appointment, SessionNote
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory, SessionFactory, TreatmentPlanFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london


@pytest.fixture
def day(frozen, consultation, session_services):
    """Monday 30 November 2026, 08:00 (frozen): a consultation at 09:00, session 2 at 11:00, one tomorrow."""
    frozen.move_to(london(2026, 11, 30, 9, 30), tick=False)
    sam = ArtistFactory(display_name="Sam Okafor", user=UserFactory())
    sam.user.groups.add(Group.objects.get(name=roles.ARTIST))
    priya = ArtistFactory(display_name="Priya Shah")
    newcomer = ClientFactory(full_name="Nia Obi")
    visit = AppointmentFactory(artist=priya, client=newcomer, start=london(2026, 11, 30, 9, 0))
    plan = TreatmentPlanFactory(artist=sam, client=ClientFactory(full_name="Jamie Walsh"))
    first = SessionFactory(plan=plan, session_number=1, start=london(2026, 11, 16, 10, 0))
    SessionNote.objects.create(appointment=first, pigment_shade="Dark 2", needle="3RL", density_layer="base")
    second = SessionFactory(
        plan=plan, session_number=2, start=london(2026, 11, 30, 11, 0), status=Appointment.Status.BOOKED
    )
    tomorrow = AppointmentFactory(artist=sam, start=london(2026, 12, 1, 10, 0), client__full_name="Ann Lee")
    return {"sam": sam, "priya": priya, "visit": visit, "second": second, "tomorrow": tomorrow, "plan": plan}
