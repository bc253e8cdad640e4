"""One login link posted four times at the same instant (a double-click, a retrying mail app): one session."""

import re

import pytest
import requests

from portal.login_links import make_login_token, portal_user_for
from tests.clients.factories import ClientFactory
from tests.race.test_booking_race import TIME_LIMIT, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_login_link_posted_four_times_at_once_logs_in_once(bounded_live_server):
    user = portal_user_for(ClientFactory(email="racer@example.com"))
    url = f"{bounded_live_server.url}/portal/login/{make_login_token(user)}/"

    def prepare(i):
        session = requests.Session()
        page = session.get(url, timeout=TIME_LIMIT)
        assert page.status_code == 200  # opening the link uses nothing up
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        session.close()  # the POST on a new connection, not one the server may drop after its keep-alive
        return session, token

    def send(i, prepared):
        session, token = prepared
        with session:
            response = session.post(
                url, data={"csrfmiddlewaretoken": token}, headers={"Referer": url}, allow_redirects=False
            )
            return response.status_code, "sessionid" in session.cookies

    results = run_together(4, prepare, send)
    assert sorted(results) == [(302, True)] + [(404, False)] * 3, results
