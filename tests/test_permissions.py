"""Object-level access for every page that shows a client, appointment, plan or note.

Anonymous → login; another client, an unassigned artist → 404; the assigned artist and staff → 200.
"""

from datetime import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bookings.services import create_plan, schedule_session
from clinic.users import roles
from tests.conftest import london
from tests.factories import ArtistFactory, ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_with(role: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def world(frozen, consultation, policy, session_services, spacing, eligible_client):
    artist = ArtistFactory(user=user_with(roles.ARTIST), hours={d: [(time(9), time(18))] for d in range(6)})
    stranger_artist = ArtistFactory(user=user_with(roles.ARTIST))
    owner = user_with(roles.CLIENT, email="owner@example.com")
    eligible_client.user = owner
    eligible_client.save()
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    other_client = user_with(roles.CLIENT)
    ClientFactory(user=other_client)
    return {
        "client": eligible_client,
        "plan": plan,
        "session": session,
        "users": {
            "staff": user_with(roles.STAFF),
            "artist": artist.user,
            "other_artist": stranger_artist.user,
            "owner": owner,
            "other_client": other_client,
        },
    }


def team_urls(w):
    c, p, s = w["client"].pk, w["plan"].pk, w["session"].pk
    return [
        ("get", reverse("clients:detail", args=[c])),
        ("get", reverse("clients:edit", args=[c])),
        ("get", reverse("clients:screening", args=[c])),
        ("get", reverse("clients:consent", args=[c])),
        ("post", reverse("clients:note", args=[c])),
        ("get", reverse("bookings:plan", args=[p])),
        ("get", reverse("bookings:appointment", args=[s])),
        ("post", reverse("bookings:appointment_outcome", args=[s])),
        ("post", reverse("bookings:appointment_note", args=[s])),
    ]


ALLOWED = {"staff", "artist"}


@pytest.mark.parametrize("who", ["anonymous", "staff", "artist", "other_artist", "owner", "other_client"])
def test_team_pages(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    for method, url in team_urls(world):
        response = getattr(client, method)(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif who in ALLOWED:
            assert response.status_code in (200, 302, 422), (url, response.status_code)  # 422: empty form posted
            if response.status_code == 302:
                assert "/accounts/login/" not in response["Location"]
        else:
            assert response.status_code == 404, (url, who, response.status_code)


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("artist", 404), ("other_artist", 404), ("owner", 404), ("other_client", 404)],
)
def test_plan_creation_is_for_staff(client, world, who, status):
    client.force_login(world["users"][who])
    assert client.get(reverse("bookings:plan_new", args=[world["client"].pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("other_client", 404), ("staff", 404), ("artist", 404), ("other_artist", 404)],
)
def test_portal_session_move_is_for_its_client_only(client, world, who, status):
    client.force_login(world["users"][who])
    assert client.get(reverse("clients:portal_move_session", args=[world["session"].pk])).status_code == status


def test_portal_needs_login(client, world):
    assert client.get(reverse("clients:portal")).status_code == 302


def test_artists_only_find_their_own_clients(client, world):
    client.force_login(world["users"]["other_artist"])
    html = client.get(reverse("clients:search"), {"q": world["client"].full_name}).content.decode()
    assert world["client"].email not in html
    client.force_login(world["users"]["artist"])
    html = client.get(reverse("clients:search"), {"q": world["client"].full_name}).content.decode()
    assert world["client"].email in html


def test_artist_calendar_shows_only_their_own(client, world):
    client.force_login(world["users"]["other_artist"])
    html = client.get(reverse("bookings:calendar"), {"date": "2026-12-01"}).content.decode()
    assert world["client"].full_name not in html
    client.force_login(world["users"]["artist"])
    html = client.get(reverse("bookings:calendar"), {"date": "2026-12-01"}).content.decode()
    assert world["client"].full_name in html


@pytest.mark.parametrize("who", ["artist", "other_artist", "owner", "other_client"])
def test_only_staff_cancel_plans(client, world, who):
    client.force_login(world["users"][who])
    assert client.post(reverse("bookings:plan_cancel", args=[world["plan"].pk])).status_code == 404
    world["plan"].refresh_from_db()
    assert world["plan"].status == "active"
