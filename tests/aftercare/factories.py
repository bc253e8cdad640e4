"""Aftercare schedules as `generate_aftercare_schedule` leaves them (without their steps)."""

from datetime import timedelta

import factory

from aftercare.models import AftercareSchedule
from clinic.clock import local_today
from tests.bookings.factories import SessionFactory


class AftercareScheduleFactory(factory.django.DjangoModelFactory):
    """A 30-day schedule after a plan's final session (a top-up reminder's subject)."""

    class Meta:
        model = AftercareSchedule

    # A completed plan: a client may have many of those (only one active).
    session = factory.SubFactory(SessionFactory, session_number=3, plan__status="completed", plan__completed_at=None)
    client = factory.SelfAttribute("session.client")
    plan = factory.SelfAttribute("session.plan")
    purpose = "final"
    template_name = "30-day aftercare after your final session"
    starts_on = factory.LazyFunction(local_today)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=30))
    top_up_due_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=365))
