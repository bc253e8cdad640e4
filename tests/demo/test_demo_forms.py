"""The demo data holds no record that its own staff form refuses: open each form, save it unchanged, nothing changes.

The forms are posted back with exactly what their HTML holds (tests.roundtrip), as a browser would.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.models import Appointment, Artist, TimeOff, TreatmentPlan, WorkingHours
from clients.models import Client
from clinic.users.models import User
from outbox.models import Reminder
from tests.roundtrip import submit_unchanged

pytestmark = pytest.mark.django_db


def row(obj) -> dict:
    """The stored row, less the time it was last saved (auto_now moves on any save)."""
    values = type(obj).objects.filter(pk=obj.pk).values().get()
    values.pop("updated_at", None)
    return values


@pytest.fixture
def demo(frozen, consultation, policy, session_services, spacing):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def manager(client, demo):
    user = User.objects.get(email="manager@demo.clinic")
    client.force_login(user)
    return user


@pytest.fixture
def reception(client, demo):
    user = User.objects.get(email="reception@demo.clinic")
    client.force_login(user)
    return user


def saved_unchanged(client, url, *, has_field, obj):
    before = row(obj)
    response = submit_unchanged(client, url, has_field=has_field)
    assert response.status_code == 302, (url, response.content.decode()[-3000:])
    assert row(obj) == before, url


def test_every_demo_client_saves_unchanged_through_the_staff_form(client, reception):
    clients = list(Client.objects.all())
    assert {c.full_name for c in clients} >= {"Jamie Walsh", "Chris Doyle", "Alex Kerr"}
    assert Client.objects.get(full_name="Alex Kerr").email == ""  # booked by phone
    for record in clients:
        saved_unchanged(client, reverse("clients:edit", args=[record.pk]), has_field="full_name", obj=record)


def test_every_demo_client_user_and_artist_saves_unchanged_in_the_admin(client, manager):
    for record in Client.objects.all():
        url = reverse("admin:clients_client_change", args=[record.pk])
        saved_unchanged(client, url, has_field="phone", obj=record)
    for artist in Artist.objects.all():
        hours = list(WorkingHours.objects.filter(artist=artist).order_by("pk").values())
        time_off = [row(t) for t in TimeOff.objects.filter(artist=artist).order_by("pk")]
        url = reverse("admin:bookings_artist_change", args=[artist.pk])
        saved_unchanged(client, url, has_field="display_name", obj=artist)
        assert list(WorkingHours.objects.filter(artist=artist).order_by("pk").values()) == hours
        assert [row(t) for t in TimeOff.objects.filter(artist=artist).order_by("pk")] == time_off
    for user in User.objects.all():
        saved_unchanged(client, reverse("admin:users_user_change", args=[user.pk]), has_field="email", obj=user)


def test_every_demo_booked_appointment_saves_unchanged_through_the_move_form(client, reception):
    booked = list(Appointment.objects.filter(status=Appointment.Status.BOOKED))
    assert booked  # the demo plan's sessions
    messages = Reminder.objects.count()
    for appointment in booked:
        url = reverse("bookings:appointment", args=[appointment.pk])
        saved_unchanged(client, url, has_field="move-start", obj=appointment)
    assert Reminder.objects.count() == messages  # nobody is told of a move that did not happen


def test_every_demo_plan_page_saves_unchanged(client, reception):
    plans = list(TreatmentPlan.objects.all())
    assert len(plans) == 2
    for plan in plans:
        html = client.get(reverse("bookings:plan", args=[plan.pk])).content.decode()
        if 'name="session_1"' not in html:
            continue  # every session scheduled or done: the page has no proposals form
        sessions = list(plan.sessions.order_by("pk").values())
        saved_unchanged(client, reverse("bookings:plan", args=[plan.pk]), has_field="session_1", obj=plan)
        assert list(plan.sessions.order_by("pk").values()) == sessions


def test_every_demo_client_with_a_login_saves_their_own_details_unchanged(client, demo):
    linked = list(Client.objects.filter(user__isnull=False).select_related("user"))
    assert len(linked) == 2
    for record in linked:
        client.force_login(record.user)
        saved_unchanged(client, reverse("portal:details"), has_field="phone", obj=record)
        assert not Reminder.objects.filter(client=record, kind="portal_confirm_email").exists()


def test_an_artist_opening_a_demo_client_saves_it_unchanged(client, demo):
    """Artists see the contact fields disabled (not posted): the record's own values must be kept."""
    for artist in Artist.objects.select_related("user"):
        client.force_login(artist.user)
        for record in Client.objects.visible_to(artist.user):
            saved_unchanged(client, reverse("clients:edit", args=[record.pk]), has_field="concern", obj=record)
