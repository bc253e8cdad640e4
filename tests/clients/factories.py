"""Client records and their screenings."""

import factory

from clients.models import Client, Screening, TreatmentType
from clients.screening_rules import derive_outcome


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    phone = "+447911123456"
    concern = TreatmentType.CROWN


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A screening inserted directly (no service checks); the outcome derived from `answers` as the service does."""

    class Meta:
        model = Screening

    client = factory.SubFactory(ClientFactory)
    answers = factory.LazyFunction(dict)
    derived_outcome = factory.LazyAttribute(lambda o: derive_outcome(o.answers).value)
