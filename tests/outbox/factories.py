"""Outbox rows as the sending apps write them."""

import itertools
from datetime import timedelta

import factory
from django.utils import timezone

from aftercare.messages import AftercareMessage
from outbox.models import Reminder
from tests.aftercare.factories import AftercareScheduleFactory

_keys = itertools.count()


class ReminderFactory(factory.django.DjangoModelFactory):
    """A top-up reminder (marketing: it needs contact consent) about a real aftercare schedule."""

    class Meta:
        model = Reminder
        exclude = ("schedule",)

    schedule = factory.SubFactory(AftercareScheduleFactory)

    key = factory.LazyFunction(lambda: f"test:{next(_keys)}")
    kind = AftercareMessage.TOP_UP
    channel = Reminder.Channel.EMAIL
    client = factory.SelfAttribute("schedule.client")
    subject_id = factory.SelfAttribute("schedule.pk")
    due_at = factory.LazyFunction(timezone.now)
    available_at = factory.SelfAttribute("due_at")
    expires_at = factory.LazyAttribute(lambda o: o.due_at + timedelta(hours=1))


def top_up_rows(count: int, *, client=None, **fields) -> list[Reminder]:
    """`count` due top-up rows about one schedule of `client` (a new client by default), in one INSERT."""
    schedule = AftercareScheduleFactory(**({"session__plan__client": client} if client else {}))
    rows = [ReminderFactory.build(schedule=schedule, **fields) for _ in range(count)]
    return Reminder.objects.bulk_create(rows)
