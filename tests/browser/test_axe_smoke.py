"""The axe helper itself: it runs under the strict CSP and it does find a violation when there is one."""

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_runs_under_the_csp_and_finds_a_planted_violation(live_server, page: Page):
    page.goto(live_server.url + "/")
    assert_accessible(page)
    # An image without alternative text is a critical violation: the check is not blind.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')")
    assert any(v["id"] == "image-alt" and v["impact"] == "critical" for v in axe_violations(page))
