"""Screening answers and session notes: staff and the artist assigned to the client, nobody else.

The world's client has a session note ("Keloid risk watch") and a screening answer (blood thinners);
each page, feed, API answer and e-mail that could carry them is read as each kind of user.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from clients.services import record_screening
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminders

pytestmark = pytest.mark.django_db

NOTE = "Keloid risk watch"
ANSWER = "Takes blood thinners or has a bleeding disorder"


@pytest.fixture
def screened(world):
    record_screening(
        client=world["client"],
        answers={"blood_thinners": True},
        recorded_by=world["users"]["staff"],
        gp_letter_received_on=date(2026, 11, 20),
    )
    return world


def pages(w):
    c, p, s = w["client"].pk, w["plan"].pk, w["session"].pk
    return [
        reverse("records:client", args=[c]),
        reverse("records:screening", args=[c]),
        reverse("bookings:plan", args=[p]),
        reverse("bookings:appointment", args=[s]),
        reverse("quotes:detail", args=[w["quote"].pk]),
    ]


def seen(client, urls) -> str:
    return "\n".join(client.get(url).content.decode() for url in urls)


@pytest.mark.parametrize("who", ["staff", "manager", "artist"])
def test_staff_and_the_assigned_artist_see_them(client, screened, who):
    client.force_login(screened["users"][who])
    html = seen(client, pages(screened))
    assert NOTE in html and ANSWER in html


@pytest.mark.parametrize("who", ["other_artist", "other_client", "owner"])
def test_nobody_else_sees_them_on_team_pages(client, screened, who):
    client.force_login(screened["users"][who])
    for url in pages(screened):
        response = client.get(url)
        assert response.status_code == 404, (url, who)
        assert NOTE not in response.content.decode() and ANSWER not in response.content.decode()


@pytest.mark.parametrize("who", ["other_artist", "artist", "owner", "other_client"])
def test_calendar_search_and_portal_pages_carry_neither(client, screened, who):
    client.force_login(screened["users"][who])
    urls = [
        reverse("bookings:calendar") + "?date=2026-12-01",
        reverse("bookings:calendar") + "?date=2026-12-01&view=week",
        reverse("clients:search") + "?q=Walsh",
        reverse("portal:home"),
    ]
    html = "\n".join(client.get(url).content.decode() for url in urls)
    assert NOTE not in html and ANSWER not in html


def test_the_unassigned_artist_cannot_search_the_client(client, screened):
    client.force_login(screened["users"]["other_artist"])
    assert screened["client"].email not in client.get(reverse("clients:search"), {"q": "Walsh"}).content.decode()


def test_ical_feeds_carry_neither(client, screened):
    for artist in (screened["artist"], screened["users"]["other_artist"].artist):
        body = client.get(reverse("bookings:feed", args=[artist.calendar_secret])).content.decode()
        assert NOTE not in body and ANSWER not in body and "blood" not in body
    mine = client.get(reverse("bookings:feed", args=[screened["artist"].calendar_secret])).content.decode()
    assert "Session 1" in mine  # the feed was read, and it is the assigned artist's


def test_api_answers_carry_neither(client, screened):
    response = client.get("/api/v1/availability", {"date": "2026-12-02"})
    body = response.content.decode()
    assert NOTE not in body and ANSWER not in body
    spec = client.get("/api/v1/openapi.json").content.decode()
    assert "notes" not in spec and "answers" not in spec


def test_emails_carry_neither(screened, settings, time_machine):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to("2026-11-30T23:59:00+00:00", tick=False)
    ids = list(Reminder.objects.filter(client=screened["client"], status="pending").values_list("pk", flat=True))
    deliver_reminders(reminder_ids=ids)
    assert mail.outbox  # the e-mails were sent, and read
    for message in mail.outbox:
        text = message.body + "".join(str(content) for content, _ in getattr(message, "alternatives", []))
        assert NOTE not in text and ANSWER not in text


def test_admin_shows_them_to_staff_only(client, screened):
    """An artist given admin access (is_staff) still has no permission on screenings or notes."""
    artist_user = screened["users"]["artist"]
    artist_user.is_staff = True
    artist_user.save()
    client.force_login(artist_user)
    for name in ("admin:clients_screening_changelist", "admin:bookings_sessionnote_changelist"):
        assert client.get(reverse(name)).status_code == 403
    staff = screened["users"]["staff"]
    staff.is_staff = True
    staff.save()
    assert Group.objects.get(name="Staff").permissions.filter(codename="view_screening").exists()
    client.force_login(staff)
    for name in ("admin:clients_screening_changelist", "admin:bookings_sessionnote_changelist"):
        assert client.get(reverse(name)).status_code == 200
