"""Artists, appointments, treatment plans and their sessions, inserted directly (no scheduling checks):
for arranging existing bookings and a history."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from bookings.models import Appointment, Artist, Service, TreatmentPlan, WorkingHours
from tests.clients.factories import ClientFactory


class ArtistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artist
        skip_postgeneration_save = True

    display_name = factory.Sequence(lambda n: f"Artist {n}")
    calendar_colour = "#3d5a80"
    buffer_minutes = 0

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """`hours={weekday: [(time, time), ...]}`; default: every day 09:00–17:00."""
        if not create:
            return
        week = extracted if extracted is not None else {d: [(time(9), time(17))] for d in range(7)}
        WorkingHours.objects.bulk_create(
            WorkingHours(artist=self, weekday=day, start_time=start, end_time=end)
            for day, intervals in week.items()
            for start, end in intervals
        )


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment inserted directly (no service checks): for arranging existing bookings."""

    class Meta:
        model = Appointment

    artist = factory.SubFactory(ArtistFactory)
    service = factory.LazyFunction(lambda: Service.objects.get(slug=Service.CONSULTATION))
    client = factory.SubFactory(ClientFactory)
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=o.service.duration_minutes))
    blocked_until = factory.LazyAttribute(lambda o: o.end)


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
