import pytest

from bookings.services import book_consultation
from bookings.tokens import make_manage_token
from clients.models import ConsentText
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.helpers import EVERY_DAY, london, user_with

ALL_NO = {
    "keloid": "no",
    "pigment_allergy": "no",
    "under_18": "no",
    "scalp_condition": "no",
    "pregnant": "no",
    "chemotherapy": "no",
    "retinoids": "no",
    "cold_sores": "no",
    "laser_removal": "no",
    "alopecia_areata": "no",
    "blood_thinners": "no",
    "medical_condition": "no",
}


@pytest.fixture(autouse=True)
def _intake_reminder_on(settings):
    settings.INTAKE_REMINDER_HOURS = 48  # the default (clinic/settings/test.py turns it off for the other apps)


@pytest.fixture
def artist(consultation, policy, session_services, spacing):
    """Sam Okafor, who works every day 09:00–18:00 and logs in."""
    return ArtistFactory(display_name="Sam Okafor", hours=EVERY_DAY, user=user_with(roles.ARTIST))


@pytest.fixture
def booked(frozen, artist, details):
    """Alex Morgan's consultation, Thursday 3 December 10:00 (now: Monday 30 November 08:00)."""
    ConsentText.objects.get_or_create(version=1, defaults={"body": "I consent to SMP.", "is_current": True})
    return book_consultation(start=london(2026, 12, 3, 10, 0), artist_id=artist.pk, client_details=details)


@pytest.fixture
def token(booked):
    return make_manage_token(booked)
