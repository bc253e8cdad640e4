"""The erasure confirmation says exactly what to type and what it will cancel, in correct plurals."""

import re

import pytest
from django.urls import reverse

from bookings.models import Appointment
from outbox.models import Reminder

pytestmark = pytest.mark.django_db


def page_text(client, world) -> str:
    client.force_login(world["users"]["manager"])
    response = client.get(reverse("records:erase", args=[world["client"].pk]))
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def test_the_exact_text_to_type_is_shown_and_in_the_label(client, world):
    pk = world["client"].pk
    text = page_text(client, world)
    assert f"To confirm, type ERASE {pk} exactly in the first box." in text
    assert f"Type ERASE {pk} to confirm" in text  # the field's label: read out with the field
    assert "the client number to confirm" not in text


def test_a_wrong_confirmation_keeps_the_reason_and_says_what_to_type(client, world):
    client.force_login(world["users"]["manager"])
    pk = world["client"].pk
    response = client.post(reverse("records:erase", args=[pk]), {"confirmation": "erase", "reason": "ref 12/2026"})
    assert response.status_code == 422
    body = response.content.decode()
    assert f"Type ERASE {pk} to confirm." in body and "ref 12/2026" in body


def test_what_it_cancels_is_counted_in_the_singular_for_one(client, world):
    # The world: one session and one consultation booked, one plan in progress, their reminders open.
    appointments = Appointment.objects.filter(client=world["client"], status="booked").count()
    reminders = Reminder.objects.filter(client=world["client"]).open().count()
    assert appointments == 2 and reminders > 1
    text = page_text(client, world)
    assert f"This cancels {appointments} future appointments, 1 treatment plan in progress, " in text
    assert f"{reminders} messages not yet sent." in text
    Appointment.objects.filter(pk=world["consultation"].pk).update(
        status="cancelled", cancelled_at=world["consultation"].start
    )
    Reminder.objects.filter(client=world["client"]).exclude(
        pk=Reminder.objects.filter(client=world["client"]).open().first().pk
    ).update(status="cancelled")
    text = page_text(client, world)
    assert "This cancels 1 future appointment, 1 treatment plan in progress, 1 message not yet sent." in text
    assert "1 future appointments" not in text


def test_nothing_to_cancel_says_so(client, world):
    Appointment.objects.filter(client=world["client"]).update(status="cancelled", cancelled_at=world["session"].start)
    world["plan"].__class__.objects.filter(pk=world["plan"].pk).update(status="cancelled")
    Reminder.objects.filter(client=world["client"]).update(status="cancelled")
    assert "Nothing is booked or waiting to be sent." in page_text(client, world)
