"""A new screening starts from the last answers and its consultation; each answer says what it leads to;
the GP letter's arrival is one action with its date, shown in the eligibility box."""

import re

import pytest
from django.urls import reverse

from clients.services import record_consent, record_screening
from tests.bookings.factories import AppointmentFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db


def checked(page: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return "checked" in tag


def test_a_new_screening_starts_from_the_last_answers_and_says_what_each_leads_to(client, staff, frozen):
    record = ClientFactory()
    record_screening(client=record, answers={"blood_thinners": True}, recorded_by=staff)
    page = client.get(reverse("records:screening", args=[record.pk])).content.decode()
    assert checked(page, "q_blood_thinners") and not checked(page, "q_pregnant")
    assert "Yes: needs a GP letter." in page and "Yes: not eligible." in page and "Yes: postpone." in page


def test_opened_from_a_consultation_it_is_linked_to_it_otherwise_to_the_latest_begun(
    client, staff, frozen, consultation
):
    record = ClientFactory()
    earlier = AppointmentFactory(client=record, start=london(2026, 11, 20, 10, 0))
    today = AppointmentFactory(client=record, start=london(2026, 11, 30, 7, 0))
    AppointmentFactory(client=record, start=london(2026, 12, 9, 10, 0))  # not yet begun
    url = reverse("records:screening", args=[record.pk])
    default = client.get(url).content.decode()
    assert re.search(rf'<option value="{today.pk}" selected>', default)
    chosen = client.get(f"{url}?consultation={earlier.pk}").content.decode()
    assert re.search(rf'<option value="{earlier.pk}" selected>', chosen)
    other = AppointmentFactory(start=london(2026, 11, 21, 10, 0))  # another client's
    foreign = client.get(f"{url}?consultation={other.pk}").content.decode()
    assert f'value="{other.pk}"' not in foreign and re.search(rf'<option value="{today.pk}" selected>', foreign)
    detail = client.get(reverse("bookings:appointment", args=[earlier.pk])).content.decode()
    assert f"{url}?consultation={earlier.pk}" in detail


def test_the_gp_letter_is_one_action_with_its_date(client, staff, frozen):
    record = ClientFactory()
    record_consent(client=record, typed_name=record.full_name, recorded_by=staff)
    screening = record_screening(client=record, answers={"medical_condition": True}, recorded_by=staff)
    page_url = reverse("records:client", args=[record.pk])
    page = client.get(page_url).content.decode()
    assert "Waiting for the GP letter" in page and 'id="gp-letter-form"' in page
    url = reverse("records:gp_letter", args=[record.pk])
    future = client.post(url, {"received_on": "2026-12-25"})
    assert future.status_code == 422 and "can&#x27;t have arrived in the future" in future.content.decode()
    garbage = client.post(url, {"received_on": "31/02/2026"})
    assert garbage.status_code == 422 and "Enter a valid date" in garbage.content.decode()
    response = client.post(url, {"received_on": "2026-11-27"})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.gp_letter_received_on.isoformat() == "2026-11-27"
    assert record.screenings.count() == 1  # no new questionnaire
    assert screening.history.first().history_user == staff
    page = client.get(page_url).content.decode()
    assert "GP letter received on 27 November 2026" in page and "Yes:" in page
    assert 'id="gp-letter-form"' not in page


def test_a_gp_letter_is_refused_where_none_is_asked_for(client, staff, frozen):
    record = ClientFactory()
    record_screening(client=record, answers={}, recorded_by=staff)
    response = client.post(reverse("records:gp_letter", args=[record.pk]), {"received_on": "2026-11-27"}, follow=True)
    assert "does not ask for a GP letter" in response.content.decode()
    assert record.screenings.get().gp_letter_received_on is None
