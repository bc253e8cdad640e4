"""Flags other apps register on appointments are shown on every staff page that lists them, in bulk."""

from datetime import time

import pytest
from django.urls import reverse

from bookings import flags
from bookings.flags import Flag, flags_for
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory, SessionFactory
from tests.helpers import london, user_with

pytestmark = pytest.mark.django_db
NINE_TO_FIVE = {d: [(time(9), time(17))] for d in range(7)}


@pytest.fixture
def provider(monkeypatch):
    calls = []

    def first_visit(appointments):
        calls.append(len(appointments))
        return {a.pk: [Flag("Intake not started", "todo", key="intake")] for a in appointments if not a.plan_id}

    monkeypatch.setattr(flags, "_providers", [])
    flags.register(first_visit)
    flags.register(first_visit)  # twice: still asked once per page
    return calls


def test_flags_come_from_each_provider_once_for_the_whole_list(provider, frozen, consultation, policy):
    consultations = AppointmentFactory.create_batch(3, start=london(2026, 12, 2, 10, 0))
    found = flags_for([*consultations, None])
    assert provider == [3]
    assert [f.text for f in found[consultations[0].pk]] == ["Intake not started"]
    assert flags_for([]) == {}


def test_pages_show_the_flags(provider, client, frozen, consultation, policy, session_services):
    sam = ArtistFactory(display_name="Sam", hours=NINE_TO_FIVE)
    visit = AppointmentFactory(artist=sam, start=london(2026, 12, 2, 10, 0))
    session = SessionFactory(plan__artist=sam, start=london(2026, 12, 2, 13, 0), status="booked")
    client.force_login(user_with(roles.STAFF))
    pages = [
        client.get(reverse("bookings:staff_consultations")),
        client.get(reverse("bookings:appointment", args=[visit.pk])),
        client.get(reverse("bookings:calendar"), {"view": "day", "date": "2026-12-02"}),
    ]
    for page in pages:
        assert page.status_code == 200
        assert 'class="badge appt-flag flag-todo flag-intake">Intake not started' in page.content.decode()
    plan_page = client.get(reverse("bookings:plan", args=[session.plan_id])).content.decode()
    assert "Intake not started" not in plan_page  # the provider said nothing of sessions


def test_staff_only_flags_are_left_out_for_an_artist(monkeypatch, frozen, consultation, policy):
    def money(appointments):
        return {
            a.pk: [Flag("Balance £100.00 due", "todo", key="balance", staff_only=True), Flag("Photos: 2")]
            for a in appointments
        }

    monkeypatch.setattr(flags, "_providers", [money])
    visit = AppointmentFactory(start=london(2026, 12, 2, 10, 0))
    artist = user_with(roles.ARTIST)
    assert [f.text for f in flags_for([visit], viewer=artist)[visit.pk]] == ["Photos: 2"]
    assert len(flags_for([visit], viewer=user_with(roles.STAFF))[visit.pk]) == 2
    assert len(flags_for([visit])[visit.pk]) == 2  # no viewer: everything (staff pages, the staff home)


def test_a_provider_of_staff_only_flags_is_not_asked_for_an_artist(monkeypatch, frozen, consultation, policy):
    asked = []

    def balances(appointments):
        asked.append(len(appointments))
        return {a.pk: [Flag("Paid in full", "done", key="balance", staff_only=True)] for a in appointments}

    monkeypatch.setattr(flags, "_providers", [])
    monkeypatch.setattr(flags, "_staff_only", set())
    flags.register(balances, staff_only=True)
    visit = AppointmentFactory(start=london(2026, 12, 2, 10, 0))
    assert flags_for([visit], viewer=user_with(roles.ARTIST)) == {visit.pk: []}
    assert asked == []  # its queries are not run for a page that would hide everything it says
    assert [f.text for f in flags_for([visit], viewer=user_with(roles.STAFF))[visit.pk]] == ["Paid in full"]
    assert [f.text for f in flags_for([visit])[visit.pk]] == ["Paid in full"]
    assert asked == [1, 1]
