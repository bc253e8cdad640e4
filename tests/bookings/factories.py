"""Treatment plans and their sessions, inserted directly (no scheduling checks): for arranging a history."""

from datetime import timedelta

import factory
from django.utils import timezone

from bookings.models import Appointment, Service, TreatmentPlan
from tests.factories import AppointmentFactory, ArtistFactory, ClientFactory


class TreatmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentPlan

    client = factory.SubFactory(ClientFactory)
    artist = factory.SubFactory(ArtistFactory)
    treatment_type = "crown"
    session_count = 3


class SessionFactory(AppointmentFactory):
    """Session `session_number` of a plan, with the plan's client and artist."""

    plan = factory.SubFactory(TreatmentPlanFactory)
    client = factory.SelfAttribute("plan.client")
    artist = factory.SelfAttribute("plan.artist")
    session_number = 1
    service = factory.LazyFunction(
        lambda: Service.objects.get_or_create(
            slug=Service.FOLLOW_UP_SESSION,
            defaults={"name": "SMP session (follow-up)", "duration_minutes": 150, "buffer_minutes": 30},
        )[0]
    )
    start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    status = Appointment.Status.ATTENDED
