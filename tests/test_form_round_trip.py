"""Every form with a date, time or datetime input: open it, save it unchanged, and nothing changes.

The form is posted back with exactly the values its HTML holds (tests.roundtrip), as a browser would; an input
whose rendered value the browser cannot read (an en-GB 12/04/1988 in an <input type="date">) would post empty.
"""

from datetime import date, time

import pytest
from django.urls import reverse

from bookings.models import Appointment, TimeOff, WorkingHours
from bookings.selectors import propose_session_dates
from bookings.services import add_time_off, schedule_session
from clients.models import Client
from clinic.users.models import User
from outbox.models import Reminder
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.roundtrip import form_data, submit_unchanged

pytestmark = pytest.mark.django_db


def row(obj) -> dict:
    """The stored row, less the time it was last saved (auto_now moves on any save)."""
    values = type(obj).objects.filter(pk=obj.pk).values().get()
    values.pop("updated_at", None)
    return values


@pytest.fixture
def record(artist):
    return ClientFactory(
        full_name="Sam Lee",
        email="sam@example.com",
        phone="+447911123456",
        date_of_birth=date(1988, 4, 12),
        address="4 Park Road\nLeeds LS1 2AB",
        hair_loss_scale="norwood",
        norwood_stage=5,
        area_notes="Scar behind the left ear",
        preferred_artist=artist,
        contact_consent=True,
    )


@pytest.fixture
def boss(client, db):
    user = UserFactory(email="boss@example.com", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_client_record_form(client, staff, record):
    url = reverse("clients:edit", args=[record.pk])
    _, rendered = form_data(client.get(url).content.decode(), has_field="date_of_birth")
    assert rendered["date_of_birth"] == ["1988-04-12"]  # what <input type="date"> accepts
    before = row(record)
    response = submit_unchanged(client, url, has_field="date_of_birth")
    assert response.status_code == 302, response.content.decode()
    assert row(record) == before


def test_plan_proposals_form(client, staff, frozen, plan):
    proposed = [p.slot.start for p in propose_session_dates(plan=plan)]
    response = submit_unchanged(client, reverse("bookings:plan", args=[plan.pk]), has_field="session_1")
    assert response.status_code == 302, response.content.decode()
    assert list(plan.sessions.order_by("session_number").values_list("start", flat=True)) == proposed


def test_appointment_move_form(client, staff, frozen, plan):
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    before, messages = row(session), Reminder.objects.count()
    response = submit_unchanged(client, reverse("bookings:appointment", args=[session.pk]), has_field="move-start")
    assert response.status_code == 302, response.content.decode()
    assert row(Appointment.objects.get(pk=session.pk)) == before
    assert Reminder.objects.count() == messages  # nobody is told of a move that did not happen


def test_admin_client_change_form(client, boss, record):
    before = row(record)
    response = submit_unchanged(client, reverse("admin:clients_client_change", args=[record.pk]), has_field="phone")
    assert response.status_code == 302, response.content.decode()
    assert row(Client.objects.get(pk=record.pk)) == before


def test_admin_artist_change_form_with_hours_and_time_off(client, boss, artist):
    WorkingHours.objects.filter(artist=artist, weekday=0).update(start_time=time(9, 30), end_time=time(17, 45))
    time_off, _ = add_time_off(artist=artist, start=london(2026, 12, 24, 13, 0), end=london(2026, 12, 27, 9, 0))
    hours = list(WorkingHours.objects.filter(artist=artist).order_by("pk").values())
    before = row(artist), row(time_off)
    url = reverse("admin:bookings_artist_change", args=[artist.pk])
    response = submit_unchanged(client, url, has_field="display_name")
    assert response.status_code == 302, response.content.decode()
    assert (row(artist), row(TimeOff.objects.get(pk=time_off.pk))) == before
    assert list(WorkingHours.objects.filter(artist=artist).order_by("pk").values()) == hours


def test_admin_user_change_form(client, boss):
    user = UserFactory(email="reception@example.com")
    User.objects.filter(pk=user.pk).update(last_login=london(2026, 11, 30, 8, 15, 42, 123456))
    before = row(user)
    response = submit_unchanged(client, reverse("admin:users_user_change", args=[user.pk]), has_field="email")
    assert response.status_code == 302, response.content.decode()
    assert row(User.objects.get(pk=user.pk)) == before


def test_time_off_form_posts_what_it_shows(client, staff, artist):
    """Time off is added on its own page (and changed in the admin, above): a refused form shows its dates back
    in a form the browser reads, so fixing the reason and saving again keeps them."""
    url = reverse("bookings:time_off_new")
    data = {"artist": artist.pk, "start": "2026-12-24T13:00", "end": "2026-12-24T12:00", "reason": "Christmas"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    _, shown = form_data(refused.content.decode(), has_field="start")
    assert (shown["start"], shown["end"]) == (["2026-12-24T13:00"], ["2026-12-24T12:00"])
