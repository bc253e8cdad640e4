import pytest

from bookings.services import book_consultation
from bookings.tokens import make_manage_token
from clients.models import ConsentText
from tests.helpers import london

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


@pytest.fixture
def booked(frozen, artist, details):
    """Alex Morgan's consultation, Thursday 3 December 10:00 (now: Monday 30 November 08:00)."""
    ConsentText.objects.get_or_create(version=1, defaults={"body": "I consent to SMP.", "is_current": True})
    return book_consultation(start=london(2026, 12, 3, 10, 0), artist_id=artist.pk, client_details=details)


@pytest.fixture
def token(booked):
    return make_manage_token(booked)
