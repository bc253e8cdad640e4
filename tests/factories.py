"""factory_boy factories shared by the app test packages."""

from datetime import time, timedelta

import factory

from bookings.models import Appointment, Artist, Service, WorkingHours
from clients.models import Client, TreatmentType
from clinic.users.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pass-word-123")
        if create:
            self.save(update_fields=["password"])


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


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    phone = "+447911123456"
    concern = TreatmentType.CROWN


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment inserted directly (no service checks): for arranging existing bookings."""

    class Meta:
        model = Appointment

    artist = factory.SubFactory(ArtistFactory)
    service = factory.LazyFunction(lambda: Service.objects.get(slug=Service.CONSULTATION))
    client = factory.SubFactory(ClientFactory)
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=o.service.duration_minutes))
    blocked_until = factory.LazyAttribute(lambda o: o.end)
