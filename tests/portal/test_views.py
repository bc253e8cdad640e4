"""The client portal: one-time e-mail login links, the client's own journey, moving a session within the rules,
the client's aftercare schedules."""

import html
import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from bookings.services import create_plan, schedule_session
from tests.aftercare.helpers import FINAL, KEEP_DRY, LOGIN, on_day, today_titles
from tests.bookings.factories import ArtistFactory
from tests.helpers import LONDON, london, section

pytestmark = pytest.mark.django_db


def link_from(message) -> str:
    return re.search(r"http://testserver(/portal/login/\S+/)", message.body).group(1)


def test_login_link_works_once(client, eligible_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox hands it to a worker once committed
        client.post(reverse("portal:login"), {"email": eligible_client.email.upper()})
    link = link_from(mail.outbox[0])
    assert client.get(link).status_code == 200  # opening it (or a mail scanner opening it) logs nobody in
    assert client.get(link).status_code == 200
    assert client.get(reverse("portal:home")).status_code == 302
    assert client.post(link).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    client.logout()
    assert client.get(link).status_code == 404  # used
    assert client.post(link).status_code == 404


def test_login_link_expires(client, eligible_client, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(london(2026, 12, 1, 9, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"email": eligible_client.email})
    time_machine.move_to(london(2026, 12, 1, 9, 31), tick=False)
    assert client.post(link_from(mail.outbox[0])).status_code == 404


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("portal:login"), {"email": "nobody@example.com"}, follow=True)
    assert "If that address is one of our clients" in response.content.decode()
    assert mail.outbox == []


def test_tampered_link_is_404(client, db):
    assert client.get(reverse("portal:link", args=["abc:def"])).status_code == 404


@pytest.fixture
def journey(frozen, consultation, policy, session_services, spacing, eligible_client):
    artist = ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    second = schedule_session(plan_id=plan.pk, number=2, start=london(2026, 12, 11, 9, 0)).appointment
    from portal.login_links import portal_user_for

    return {"user": portal_user_for(eligible_client), "first": first, "second": second}


def test_portal_shows_the_clients_sessions(client, journey):
    client.force_login(journey["user"])
    html = client.get(reverse("portal:home")).content.decode()
    assert "Tuesday 1 December 2026, 09:00" in html and "Friday 11 December 2026, 09:00" in html


def test_client_moves_a_session_within_the_rules(client, journey):
    client.force_login(journey["user"])
    url = reverse("portal:move_session", args=[journey["second"].pk])
    page = client.get(url, {"date": "2026-12-14"})
    assert page.status_code == 200
    too_close = client.post(url, {"slot": london(2026, 12, 4, 9, 0).isoformat(), "date": "2026-12-04"})
    assert too_close.status_code == 422 and "at least 7 days" in too_close.content.decode()
    soon = client.post(url, {"slot": london(2026, 11, 30, 9, 0).isoformat()})  # within the 2 h notice
    assert soon.status_code == 422 and "notice" in soon.content.decode()
    assert client.post(url, {"slot": london(2026, 12, 14, 11, 0).isoformat(), "date": "2026-12-14"}).status_code == 302
    journey["second"].refresh_from_db()
    assert journey["second"].start.astimezone(LONDON) == london(2026, 12, 14, 11, 0)
    assert journey["second"].start - journey["first"].start > timedelta(days=7)


def test_moving_sessions_is_rate_limited_per_connection(client, journey, settings):
    settings.BOOKING_RATE_LIMIT = "2/h"
    client.force_login(journey["user"])
    url = reverse("portal:move_session", args=[journey["second"].pk])
    choice = {"slot": london(2026, 12, 14, 11, 0).isoformat(), "date": "2026-12-14"}
    too_close = {"slot": london(2026, 12, 4, 9, 0).isoformat(), "date": "2026-12-04"}
    assert client.post(url, too_close).status_code == 422  # a real attempt: counted
    assert client.post(url, too_close).status_code == 422
    limited = client.post(url, choice)
    assert limited.status_code == 429 and "Too many" in limited.content.decode()
    journey["second"].refresh_from_db()
    assert journey["second"].start.astimezone(LONDON) != london(2026, 12, 14, 11, 0)


@pytest.mark.parametrize("team_role", ["Staff", "Artist"])
def test_team_accounts_never_get_email_links_or_client_records(client, db, team_role):
    from django.contrib.auth.models import Group

    from clients.models import Client
    from tests.clients.factories import ClientFactory
    from tests.clinic.factories import UserFactory

    member = UserFactory(email="sam@clinic.example")
    member.groups.add(Group.objects.get(name=team_role))
    ClientFactory(email="SAM@clinic.example")  # e.g. someone booked a consultation with that address
    response = client.post(reverse("portal:login"), {"email": "sam@clinic.example"}, follow=True)
    assert "If that address is one of our clients" in response.content.decode()
    assert mail.outbox == []
    assert Client.objects.get().user is None


def test_a_session_starting_soon_cannot_be_moved_online(client, journey, time_machine):
    time_machine.move_to(london(2026, 12, 1, 7, 30), tick=False)  # session 1 at 09:00: inside the notice
    client.force_login(journey["user"])
    url = reverse("portal:move_session", args=[journey["first"].pk])
    response = client.post(url, {"slot": london(2026, 12, 2, 9, 0).isoformat(), "date": "2026-12-02"})
    assert response.status_code == 422
    assert "so it can&#x27;t be moved online" in response.content.decode()


def test_the_move_page_only_offers_days_that_keep_the_gaps(client, journey):
    client.force_login(journey["user"])
    page = client.get(reverse("portal:move_session", args=[journey["second"].pk]))
    days = [day for day, _ in page.context["picker"].days]
    assert min(days).isoformat() == "2026-12-08"  # session 1 on 1 December + 7 days


# --- The client's aftercare schedules ------------------------------------------------------------------------


@pytest.fixture
def world(aftercare_world):
    return aftercare_world


@pytest.mark.parametrize(
    ("who", "status"),
    # (the 404s for everybody else: portal:aftercare in tests/test_permissions.py's matrix)
    [("owner", 200), ("anonymous", 302)],
)
def test_portal_schedule_is_the_clients_own(client, world, time_machine, who, status):
    on_day(time_machine, 2)
    if who != "anonymous":
        client.force_login(world["users"][who])
    url = reverse("portal:aftercare", args=[world["schedule"].pk])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert FINAL in page and KEEP_DRY in today_titles(page)
    if who == "anonymous":
        assert response["Location"].startswith(LOGIN) and f"next={url}" in html.unescape(response["Location"])


def test_portal_home_lists_the_schedule(client, world, time_machine):
    on_day(time_machine, 2)
    client.force_login(world["users"]["owner"])
    page = client.get(reverse("portal:home")).content.decode()
    aftercare = section(page, 'aria-labelledby="aftercare-heading"')
    portal_url = reverse("portal:aftercare", args=[world["schedule"].pk])
    assert f'<a href="{portal_url}">{FINAL}</a> · from 5 January 2027 to 4 February 2027' in aftercare
    assert client.get(portal_url).status_code == 200
    client.force_login(world["users"]["other_client"])
    assert portal_url not in client.get(reverse("portal:home")).content.decode()
