"""A small clinic for the privacy tests: a client with a plan, a session and a note, an issued quote,
and one user of each kind (manager, staff, assigned and unassigned artist, the client, another client)."""

from datetime import time

import pytest
from django.contrib.auth.models import Group

from bookings.services import add_session_note, book_consultation, create_plan, schedule_session
from clients.services import ClientDetails
from clinic.users import roles
from quotes.services import issue_quote, save_draft
from tests.conftest import london
from tests.factories import ArtistFactory, ClientFactory, UserFactory


def user_with(*groups: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(*(Group.objects.get_or_create(name=g)[0] for g in groups))
    return user


@pytest.fixture
def world(frozen, consultation, policy, session_services, spacing, eligible_client):
    return build_world(eligible_client)


def build_world(client) -> dict:
    """The objects and users above, around `client` (the `eligible_client` fixture)."""
    client.email, client.phone = "jamie.walsh@example.com", "+447700900123"
    client.date_of_birth, client.address = london(1985, 3, 14, 0, 0).date(), "4 Park Road\nLeeds LS1 2AB"
    client.area_notes = "Scar behind the left ear"
    owner = user_with(roles.CLIENT, email="jamie.walsh@example.com")
    client.user = owner
    client.save()
    artist = ArtistFactory(user=user_with(roles.ARTIST), hours={d: [(time(9), time(18))] for d in range(6)})
    stranger = ArtistFactory(user=user_with(roles.ARTIST))
    plan = create_plan(client=client, artist=artist, treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    note = add_session_note(appointment=session, author=artist.user, pigment_shade="Shade 3", notes="Keloid risk watch")
    consult = book_consultation(
        start=london(2026, 12, 2, 14, 0),
        artist_id=artist.pk,
        client_details=ClientDetails(full_name="Jamie T Walsh", email=client.email, phone="+447700900999"),
    )
    quote = issue_quote(quote_id=save_draft(client=client, treatment_type="crown").pk)
    other_user = user_with(roles.CLIENT)
    other = ClientFactory(user=other_user, full_name="Other Person")
    return {
        "client": client,
        "plan": plan,
        "session": session,
        "note": note,
        "consultation": consult,
        "quote": quote,
        "artist": artist,
        "other_client": other,
        "users": {
            "manager": user_with(roles.STAFF, roles.MANAGER),
            "staff": user_with(roles.STAFF),
            "artist": artist.user,
            "other_artist": stranger.user,
            "owner": owner,
            "other_client": other_user,
        },
    }
