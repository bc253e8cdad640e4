"""django-axes: 5 wrong passwords for one username from one IP lock that pair out for the cool-off."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import override_settings
from django.utils import timezone

from clinic.users.models import User
from tests.helpers import PASSWORD, log_in, logged_in_as

pytestmark = pytest.mark.django_db


def fail(client, email, times, **kwargs):
    return [log_in(client, email, "wrong-password", **kwargs).status_code for _ in range(times)]


@pytest.mark.parametrize("user_fixture", ["staff_user", "artist_user", "client_user", "admin_user"])
def test_five_wrong_then_the_right_password_is_refused(client, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    assert fail(client, user.email, 5) == [200, 200, 200, 200, 429]
    response = log_in(client, user.email)
    assert response.status_code == 429
    assert logged_in_as(client) is None
    page = response.content.decode()
    assert "Too many login attempts" in page
    assert "try again in 15 minutes" in page


def test_the_admin_login_locks_out_too(client, admin_user):
    statuses = fail(client, admin_user.email, 5, url="/admin/login/")
    assert statuses == [200, 200, 200, 200, 429]
    assert log_in(client, admin_user.email, url="/admin/login/").status_code == 429
    assert log_in(client, admin_user.email).status_code == 429  # the same pair, whichever form
    assert logged_in_as(client) is None


def test_the_cool_off_passes(client, staff_user):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail(client, staff_user.email, 5)
        traveller.shift(timedelta(minutes=14))
        response = log_in(client, staff_user.email)
        assert response.status_code == 429
        assert "try again in 15 minutes" in response.content.decode()  # a try while locked restarts the wait
        traveller.shift(timedelta(minutes=15, seconds=1))
        assert log_in(client, staff_user.email).status_code == 302
    assert logged_in_as(client) == str(staff_user.pk)


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=2))
def test_limit_and_cool_off_come_from_settings(client, staff_user):
    assert fail(client, staff_user.email, 3) == [200, 200, 429]
    assert "try again in 2 minutes" in log_in(client, staff_user.email).content.decode()


def test_other_users_and_other_ips_are_not_affected(client, staff_user, client_user):
    fail(client, staff_user.email, 5, ip="10.0.0.1")
    assert log_in(client, client_user.email, ip="10.0.0.1").status_code == 302  # another user, same IP
    client.logout()
    assert log_in(client, staff_user.email, ip="10.0.0.2").status_code == 302  # same user, another IP
    client.logout()
    assert log_in(client, staff_user.email, ip="10.0.0.1").status_code == 429


def test_the_username_counts_in_any_case(client, staff_user):
    for email in ("Reception@example.com", "RECEPTION@EXAMPLE.COM", "reception@example.com ", "reception@Example.com"):
        log_in(client, email, "wrong-password")
    assert log_in(client, "reception@example.com", "wrong-password").status_code == 429
    assert log_in(client, staff_user.email).status_code == 429


def test_a_successful_login_resets_the_count(client, staff_user):
    assert fail(client, staff_user.email, 4) == [200] * 4
    assert log_in(client, staff_user.email).status_code == 302
    assert not AccessAttempt.objects.filter(username=staff_user.email).exists()
    client.logout()
    assert fail(client, staff_user.email, 4) == [200] * 4  # four more are allowed again
    assert log_in(client, staff_user.email).status_code == 302


def test_an_unknown_username_is_locked_out_the_same_way(client):
    """The answer must not tell an attacker which addresses have accounts."""
    assert fail(client, "nobody@example.com", 5) == [200, 200, 200, 200, 429]


def test_an_e_mail_login_link_still_works_for_a_locked_out_client(client, client_user):
    """Proving the mailbox is a way back in; the link is one-time, signed and rate-limited."""
    from portal.login_links import make_login_token
    from tests.clients.factories import ClientFactory

    ClientFactory(user=client_user, email=client_user.email)
    client_user.set_unusable_password()
    client_user.save()
    fail(client, client_user.email, 5)
    response = client.post(f"/portal/login/{make_login_token(client_user)}/", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert logged_in_as(client) == str(client_user.pk)


def test_managers_see_and_lift_lockouts_in_the_admin(client, staff_user):
    from tests.helpers import in_group

    fail(client, staff_user.email, 5)
    attempt = AccessAttempt.objects.get(username=staff_user.email)
    manager = in_group(User.objects.create_user("manager@example.com", PASSWORD, is_staff=True), "Manager")
    client.force_login(manager)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert staff_user.email in listing.content.decode()
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    client.logout()
    assert log_in(client, staff_user.email).status_code == 302


def test_reception_cannot_see_lockouts(client, staff_user):
    staff_user.is_staff = True
    staff_user.save()
    client.force_login(staff_user)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
