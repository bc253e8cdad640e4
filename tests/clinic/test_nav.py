"""The main navigation, kept per kind of viewer (clinic/nav.py): each viewer's links, each request's CSRF input."""

import re

import pytest
from django.test import Client

from clinic.users import roles
from tests.helpers import user_with

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def nav(page) -> str:
    html = page.content.decode()
    return html[html.index("<header") : html.index("</header>")]


@pytest.mark.parametrize(
    ("groups", "shown", "hidden"),
    [
        ((roles.STAFF, roles.MANAGER), ["/staff/reports/", "Audit", "Reminders", "Log out"], ["My treatment"]),
        ((roles.STAFF,), ["Reminders", "Consultations", "Log out"], ["/staff/reports/", "Audit"]),
        ((roles.CLIENT,), ["My treatment", "Account", "Log out"], ["Calendar", "Reminders"]),
    ],
)
def test_each_kind_of_viewer_sees_their_own_links(client, groups, shown, hidden):
    client.force_login(user_with(*groups))
    for _ in range(2):  # rendered, then kept
        links = nav(client.get("/account/"))
        assert all(text in links for text in shown) and not any(text in links for text in hidden)


def test_anonymous_visitors_see_booking_and_log_in(client):
    links = nav(client.get("/"))
    assert "Book a free consultation" in links and "Log in" in links and "Log out" not in links
    assert not TOKEN.search(links)


def test_the_logout_form_carries_each_sessions_own_token_and_works():
    tokens = []
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user_with(roles.STAFF))
        token = TOKEN.search(nav(browser.get("/account/"))).group(1)
        tokens.append(browser.cookies["csrftoken"].value)
        assert browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
        assert "_auth_user_id" not in browser.session
    assert tokens[0] != tokens[1]
