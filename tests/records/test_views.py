"""The team's client page (timeline, notes) and the screening form at the consultation."""

import re

import pytest
from django.urls import reverse

from bookings.services import record_outcome
from clients.services import add_client_note
from tests.aftercare.helpers import FINAL, on_day
from tests.bookings.factories import AppointmentFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london, text

pytestmark = pytest.mark.django_db


def test_timeline_lists_everything_in_order(client, staff, time_machine, consultation, eligible_client):
    time_machine.move_to(london(2026, 12, 5, 8, 0), tick=False)
    visit = AppointmentFactory(client=eligible_client, start=london(2026, 12, 1, 10, 0))
    record_outcome(appointment_id=visit.pk, outcome="attended")
    add_client_note(client=eligible_client, author=staff, body="Prefers Saturday mornings")
    response = client.get(reverse("records:client", args=[eligible_client.pk]))
    timeline = response.context["timeline"]
    assert [e.when for e in timeline] == sorted(e.when for e in timeline)
    assert {"consultation", "screening", "consent", "note"} <= {e.kind for e in timeline}
    assert "Prefers Saturday mornings" in response.content.decode()
    assert "Yes:" in response.content.decode()  # ready for treatment


def test_screening_form_derives_and_requires_override_reason(client, staff):
    record = ClientFactory()
    url = reverse("records:screening", args=[record.pk])
    response = client.post(url, {"q_blood_thinners": "on", "override_outcome": "eligible"})
    assert response.status_code == 422
    assert "written reason" in response.content.decode()
    assert client.post(url, {"q_blood_thinners": "on"}).status_code == 302
    assert record.screenings.get().get_outcome_display() == "Eligible after a GP letter"


def test_empty_note_is_refused(client, staff):
    record = ClientFactory()
    response = client.post(reverse("records:note", args=[record.pk]), {"body": "   "})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    too_long = client.post(reverse("records:note", args=[record.pk]), {"body": "x" * 5001})
    assert "at most 5000 characters" in too_long.content.decode()
    assert "x" * 5001 in too_long.content.decode()  # what was typed is still there
    assert record.notes.count() == 0


def test_screening_dates_must_make_sense(client, staff, frozen):
    record = ClientFactory()
    url = reverse("records:screening", args=[record.pk])
    past = client.post(url, {"q_pregnant": "on", "postpone_until": "2020-01-01"})
    assert "must be in the future" in past.content.decode()
    future_letter = client.post(url, {"q_blood_thinners": "on", "gp_letter_received_on": "2030-01-01"})
    assert "in the future" in future_letter.content.decode()
    assert not record.screenings.exists()


# --- Aftercare on the timeline -------------------------------------------------------------------------------


@pytest.fixture
def world(aftercare_world):
    return aftercare_world


def test_client_timeline_links_to_the_team_schedule(client, world, time_machine):
    on_day(time_machine, 2)
    client.force_login(world["users"]["staff"])
    page = client.get(reverse("records:client", args=[world["client"].pk])).content.decode()
    timeline = re.search(r'<ol[^>]*id="timeline">(.*?)</ol>', page, re.S).group(1)
    team_url = reverse("aftercare:team_schedule", args=[world["schedule"].pk])
    assert f'<a href="{team_url}">Aftercare: {FINAL}</a>' in timeline
    assert "Day 0 05 Jan 2027 → day 30 04 Feb 2027 · top-up reminder Jan 2028" in text(timeline)
    assert timeline.count("Aftercare: Between sessions") == 2
    assert client.get(team_url).status_code == 200
