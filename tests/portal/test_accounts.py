"""Accounts: password reset for clients and the team through the outbox, the HTML login-link e-mail, the
login address that only its owner can change (item 19), a login-link request that reveals nothing."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from bookings.services import create_plan
from clients.models import Client
from clinic.users import roles
from outbox.models import Reminder
from portal.login_links import portal_user_for
from tests.clinic.factories import UserFactory

pytestmark = pytest.mark.django_db


def link_in(message, path: str) -> str:
    return re.search(rf"http://testserver({path}\S+/)", message.body).group(1)


def html_of(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


@pytest.fixture
def receptionist(db):
    user = UserFactory(email="reception@example.com", password="old-pass-word-1")
    user.groups.add(Group.objects.get_or_create(name=roles.STAFF)[0])
    return user


def test_staff_password_reset_goes_through_the_outbox_and_works_once(
    client, receptionist, django_capture_on_commit_callbacks
):
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page and "Forgot password?" in login_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "RECEPTION@example.com"})
    assert response.status_code == 302
    row = Reminder.objects.get(kind="account_password_reset")
    assert (row.user_id, row.client_id, row.status) == (receptionist.pk, None, "sent")
    (message,) = mail.outbox
    assert message.to == ["reception@example.com"] and "Reset your password" in message.subject
    link = link_in(message, "/accounts/password/reset/")
    assert "0161 496 0000" in html_of(message) and link in html_of(message)
    form = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "brand-new-pass-42", "new_password2": "brand-new-pass-42"})
    assert done.status_code == 302
    receptionist.refresh_from_db()
    assert receptionist.check_password("brand-new-pass-42")
    again = client.get(link, follow=True)
    assert again.status_code == 404 and "doesn't work any more" in again.content.decode()  # single use


def test_password_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert "If that address has an account with us" in response.content.decode()
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_password_reset_is_rate_limited(client, receptionist, settings):
    settings.LOGIN_RATE_LIMIT = "2/h"
    statuses = [client.post(reverse("password_reset"), {"email": "x@example.com"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_login_link_request_does_no_lookup_before_answering(client, eligible_client):
    """The page only hands the address to a worker (same work, same time, known or not): no row, no login yet."""
    client.post(reverse("portal:login"), {"email": eligible_client.email})  # on-commit callbacks not run
    eligible_client.refresh_from_db()
    assert eligible_client.user_id is None and not Reminder.objects.exists()


def test_login_link_email_is_html_with_the_clinics_signature(
    client, eligible_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"email": eligible_client.email})
    (message,) = mail.outbox
    html = html_of(message)
    assert "Northline Scalp Studio" in html and "0161 496 0000" in html
    assert link_in(message, "/portal/login/") in html


@pytest.fixture
def artist_user(artist, eligible_client):
    user = UserFactory(email="artist@example.com")
    artist.user = user
    artist.save()
    create_plan(client=eligible_client, artist=artist, treatment_type="crown")  # the artist sees this client
    return user


def post_record(client, record: Client, **changes):
    data = {f: getattr(record, f) or "" for f in ("full_name", "email", "phone", "concern", "hair_loss_scale")}
    data |= {"contact_consent": "on"} if record.contact_consent else {}
    return client.post(reverse("clients:edit", args=[record.pk]), data | changes)


def test_an_artist_cannot_redirect_a_clients_login(
    client, artist_user, eligible_client, django_capture_on_commit_callbacks
):
    portal_user_for(eligible_client)
    client.force_login(artist_user)
    response = post_record(client, eligible_client, email="attacker@example.com")
    assert response.status_code == 302
    eligible_client.refresh_from_db()
    assert eligible_client.email != "attacker@example.com"  # artists don't edit contact details
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"email": "attacker@example.com"})
    assert mail.outbox == []


def test_a_staff_change_of_a_linked_clients_email_needs_confirmation_from_the_new_address(
    client, staff, eligible_client, django_capture_on_commit_callbacks
):
    user = portal_user_for(eligible_client)
    old = user.email
    with django_capture_on_commit_callbacks(execute=True):
        assert post_record(client, eligible_client, email="new.me@example.com").status_code == 302
    (confirm,) = mail.outbox
    assert confirm.to == ["new.me@example.com"] and "Confirm your new e-mail" in confirm.subject
    confirm_link = link_in(confirm, "/portal/email/")
    assert confirm_link in html_of(confirm)
    client.logout()
    mail.outbox.clear()
    # Not confirmed yet: the login keeps its address; a link asked for the new one goes nowhere,
    # one asked for the login's own address goes to that address only.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"email": "new.me@example.com"})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"email": old})
    assert [m.to for m in mail.outbox] == [[old]]
    # Confirmed from the new address: now it is the login's.
    assert client.get(confirm_link).status_code == 200
    assert client.post(confirm_link).status_code == 302
    user.refresh_from_db()
    assert user.email == "new.me@example.com"
    assert client.post(confirm_link).status_code == 404  # once
    history = eligible_client.history.order_by("-history_date")
    assert history[0].history_change_reason == "Client confirmed their new login e-mail"
    assert history[1].email == "new.me@example.com" and history[1].history_user_id == staff.pk


def test_with_the_broker_away_the_login_link_still_goes_out(
    client, eligible_client, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from portal.tasks import send_login_link

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_login_link, "delay", broker_down)  # Celery's side, not ours
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:login"), {"email": eligible_client.email})
    assert response.status_code == 302
    assert Reminder.objects.filter(kind="portal_login_link", client=eligible_client).exists()
