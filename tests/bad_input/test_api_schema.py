"""schemathesis against the published OpenAPI document, over real HTTP, on the real database.

Every operation gets a bounded, reproducible set of generated requests (valid and invalid ones) and every
built-in check: no 5xx, documented status codes, documented content types, bodies that match the schema.

The document is built at import (schemathesis parametrizes at collection, before any server runs) with the
same call the /api/v1/openapi.json view makes; the first test proves the served document is that one.
(`schemathesis.pytest.from_fixture` would load it from the live server, but fails on pytest 9.)
"""

from datetime import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from bookings.api import api
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = api.get_openapi_schema(path_prefix="/api/v1/")
schema = schemathesis.openapi.from_dict(DOCUMENT)
EXAMPLES = 40  # per operation; with derandomize=True the same ones on every run


@pytest.fixture
def api_url(bounded_live_server, settings, time_machine, consultation, policy):
    # Each generated POST is a real booking attempt from 127.0.0.1; the per-IP limit would turn most of
    # them into 429s and hide what the endpoint does with the input, so it is raised for this test.
    settings.BOOKING_RATE_LIMIT = "100000/h"
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    ArtistFactory(display_name="Sam", hours={d: [(time(9), time(17))] for d in range(7)})
    return bounded_live_server.url


def test_the_served_document_is_the_one_tested(api_url):
    response = requests.get(f"{api_url}/api/v1/openapi.json", timeout=10)
    assert response.status_code == 200
    assert response.json() == DOCUMENT
    assert set(DOCUMENT["paths"]) == {"/api/v1/availability", "/api/v1/consultations"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, api_url):
    # Every built-in check but one. "Schema-valid data is accepted" cannot hold for a booking API: a start
    # in the past or off the 15-minute grid, or a phone number no network can dial, is well-formed JSON
    # and still refused with a documented 422 (asserted case by case in tests/bookings/test_api.py).
    case.call_and_validate(base_url=api_url, timeout=10, excluded_checks=[positive_data_acceptance])


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    "query",
    [{"date": "0"}, {"date": "1700000000"}, {"date": "2026-12-01T00:00"}],
)
def test_a_number_is_not_a_date(client, query, consultation, policy):
    """Found by schemathesis: pydantic read `date=0` as 1 January 1970 and answered 200."""
    response = client.get("/api/v1/availability", query)
    assert response.status_code == 422
    assert response.json()["errors"]["date"] == ["Give it in ISO-8601 form, e.g. 2026-12-01."]


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    ("field", "value"), [("start", 1796205600), ("artist_id", 1.0), ("artist_id", "1"), ("contact_consent", "yes")]
)
def test_json_types_are_not_coerced(client, field, value, consultation, policy):
    payload = {"start": "2026-12-01T10:00:00+00:00", "name": "Alex Morgan", "email": "a@example.com"}
    payload.update({"phone": "07911 123456", field: value})
    response = client.post("/api/v1/consultations", payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["errors"]
