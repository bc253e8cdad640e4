"""Plan and appointment pages: create, accept proposals (all or nothing), move with rules, outcomes, notes."""

from datetime import time

import pytest
from django.urls import reverse

from bookings.models import Appointment, TreatmentPlan
from bookings.services import create_plan, schedule_session
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import LONDON, london

pytestmark = pytest.mark.django_db


@pytest.fixture
def artist(consultation, policy, session_services, spacing):
    return ArtistFactory(buffer_minutes=15, hours={d: [(time(9), time(18))] for d in range(6)})


def test_create_plan_requires_a_reason_for_four_sessions(frozen, client, staff, artist, eligible_client):
    url = reverse("bookings:plan_new", args=[eligible_client.pk])
    data = {"artist": artist.pk, "treatment_type": "alopecia", "session_count": 4, "fourth_session_reason": ""}
    response = client.post(url, data)
    assert response.status_code == 422 and "4th session" in response.content.decode()
    data["fourth_session_reason"] = "Alopecia: extra density pass"
    response = client.post(url, data)
    plan = TreatmentPlan.objects.get()
    assert response["Location"] == reverse("bookings:plan", args=[plan.pk])
    assert plan.session_count == 4


def test_plan_page_proposes_and_accepts_all_dates(frozen, client, staff, artist, eligible_client):
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="full_head")
    url = reverse("bookings:plan", args=[plan.pk])
    page = client.get(url)
    form = page.context["form"]
    data = {
        name: form[name].value().astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")
        for name in form.fields
        if name.startswith("session_")
    }
    assert data == {"session_1": "2026-12-01T09:00", "session_2": "2026-12-11T09:00", "session_3": "2027-01-08T09:00"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(plan.sessions.order_by("session_number").values_list("session_number", flat=True)) == [1, 2, 3]


def test_an_adjusted_date_outside_the_rules_saves_nothing(frozen, client, staff, artist, eligible_client):
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="full_head")
    url = reverse("bookings:plan", args=[plan.pk])
    data = {"session_1": "2026-12-01T09:00", "session_2": "2026-12-04T09:00", "session_3": "2027-01-08T09:00"}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Session 2: Session 2 must be at least 7 days" in response.content.decode()
    assert not plan.sessions.exists()  # all or nothing
    data["override_reason"] = "Client travelling; agreed with artist"
    assert client.post(url, data).status_code == 302
    assert plan.sessions.get(session_number=2).spacing_override_reason.startswith("Client travelling")


def test_plan_page_explains_why_it_cannot_schedule(frozen, client, staff, artist):
    plan = create_plan(client=ClientFactory(), artist=artist, treatment_type="crown")
    html = client.get(reverse("bookings:plan", args=[plan.pk])).content.decode()
    assert "can&#x27;t be scheduled yet" in html or "can't be scheduled yet" in html
    assert "No screening recorded" in html


def test_move_outcome_and_notes_on_the_appointment_page(time_machine, client, staff, artist, eligible_client):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    second = schedule_session(plan_id=plan.pk, number=2, start=london(2026, 12, 11, 9, 0)).appointment
    url = reverse("bookings:appointment", args=[second.pk])
    too_close = client.post(url, {"move-start": "2026-12-03T09:00"})
    assert too_close.status_code == 422 and "at least 7 days" in too_close.content.decode()
    assert client.post(url, {"move-start": "2026-12-12T10:00"}).status_code == 302
    second.refresh_from_db()
    assert second.start == london(2026, 12, 12, 10, 0)

    time_machine.move_to(london(2026, 12, 1, 12, 30), tick=False)
    outcome_url = reverse("bookings:appointment_outcome", args=[first.pk])
    client.post(outcome_url, {"outcome": "attended"})
    first.refresh_from_db()
    assert first.status == Appointment.Status.ATTENDED
    again = client.post(outcome_url, {"outcome": "no_show"}, follow=True)
    assert "already completed" in again.content.decode()
    note_url = reverse("bookings:appointment_note", args=[first.pk])
    empty = client.post(note_url, {"notes": "  "})
    assert empty.status_code == 422 and "at least one thing" in empty.content.decode()
    client.post(note_url, {"pigment_shade": "Dark 2", "needle": "3RL", "density_layer": "base"})
    assert first.session_notes.get().pigment_shade == "Dark 2"


def test_staff_cancel_a_plan_and_its_future_sessions(frozen, client, staff, artist, eligible_client):
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    client.post(reverse("bookings:plan_cancel", args=[plan.pk]))
    plan.refresh_from_db()
    session.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.CANCELLED
    assert session.status == Appointment.Status.CANCELLED
    # and a new plan can be started
    create_plan(client=eligible_client, artist=artist, treatment_type="crown")
