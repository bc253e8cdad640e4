"""Fixtures for the quote tests."""

from datetime import time

import pytest

from clinic.users import roles
from quotes.services import issue_quote, save_draft
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london
from tests.quotes.helpers import user_with


@pytest.fixture
def client_record():
    return ClientFactory(full_name="Jamie Walsh", address="4 Park Road\nLeeds LS1 2AB")


@pytest.fixture
def world(frozen, consultation, policy, session_services, spacing, django_capture_on_commit_callbacks):
    """A client with a consultation, an issued crown quote and a hairline draft; a team member of each role."""
    artist = ArtistFactory(user=user_with(roles.ARTIST), hours={d: [(time(9), time(18))] for d in range(6)})
    owner = user_with(roles.CLIENT)
    record = ClientFactory(full_name="Jamie Walsh", user=owner)
    AppointmentFactory(client=record, artist=artist, start=london(2026, 11, 28, 10, 0))  # the consultation
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_quote(quote_id=save_draft(client=record, treatment_type="crown").pk)
    draft = save_draft(client=record, treatment_type="hairline")
    return {
        "client": record,
        "issued": issued,
        "draft": draft,
        "users": {
            "staff": user_with(roles.STAFF),
            "artist": artist.user,
            "other_artist": ArtistFactory(user=user_with(roles.ARTIST)).user,
            "owner": owner,
            "other_client": ClientFactory(user=user_with(roles.CLIENT)).user,
        },
    }
