"""Per-IP rate limits on logins (on top of the lockout) and on rescheduling."""

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    """Three login posts per hour per IP; the clock stands still so no window ends mid-test."""
    settings.LOGIN_RATE_LIMIT = "3/h"
    cache.clear()
    with time_machine.travel(timezone.now(), tick=False):
        yield


def test_login_posts_are_limited_per_ip_and_the_username_is_kept(client, tight, staff_user, client_user):
    # Different usernames: the lockout (per username+IP) would not stop this, the rate limit does.
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        assert log_in(client, email, "wrong-password").status_code == 200
    response = log_in(client, staff_user.email)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many login attempts from your connection" in page
    assert f'value="{staff_user.email}"' in page
    assert client.session.get("_auth_user_id") is None
    assert log_in(client, client_user.email, ip="10.0.0.2").status_code == 302  # another connection


def test_the_admin_login_is_limited_too(client, tight, admin_user):
    for _ in range(3):
        log_in(client, "x@example.com", "wrong-password", url="/admin/login/")
    assert log_in(client, admin_user.email, url="/admin/login/").status_code == 429


def test_reading_the_login_page_is_not_counted(client, tight):
    for _ in range(10):
        assert client.get("/accounts/login/").status_code == 200
