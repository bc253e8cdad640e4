from datetime import time

import pytest

from bookings.services import create_plan, record_outcome, schedule_session
from tests.factories import ArtistFactory

EVERY_DAY = {d: [(time(9), time(18))] for d in range(7)}


@pytest.fixture
def artist(consultation, policy, session_services, spacing):
    return ArtistFactory(display_name="Sam Okafor", hours=EVERY_DAY)


@pytest.fixture
def plan(artist, eligible_client):
    return create_plan(client=eligible_client, artist=artist, treatment_type="full_head")


def schedule_all(plan, starts):
    return [schedule_session(plan_id=plan.pk, number=n, start=s).appointment for n, s in enumerate(starts, 1)]


def complete(session):
    return record_outcome(appointment_id=session.pk, outcome="completed")
