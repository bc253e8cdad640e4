"""The pages work under the Content-Security-Policy: any violation (event or console message) fails the test."""

import re
from datetime import time

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-42"

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def violations(page: Page) -> list[str]:
    found: list[str] = []
    page.expose_function("cspViolation", lambda text: found.append(text))  # survives navigations
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: found.append(message.text) if "Refused to" in message.text else None)
    return found


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    ArtistFactory(
        display_name="Sam Okafor", calendar_colour="#aa3311", hours={d: [(time(9), time(17))] for d in range(6)}
    )
    return live_server.url


def account(email: str, role: str | None = None, **fields):
    user = UserFactory(email=email, password=PASSWORD, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page: Page, base: str, email: str, path: str = "/accounts/login/") -> None:
    page.goto(base + path)
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()


def test_the_policy_is_enforced_and_a_violation_is_caught(site, page: Page, violations):
    response = page.goto(site + "/")
    policy = response.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    # What the test is for: an inline style attribute and an inline script are refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s)"
    )
    expect(page.locator("body")).to_be_visible()
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert any("style-src" in v for v in violations), violations
    assert any("script-src" in v for v in violations), violations


def test_booking_staff_portal_and_admin_pages_raise_no_violation(site, page: Page, violations):
    # Public booking: change the day, pick a time, book → confirmation.
    page.goto(site + "/book/")
    page.get_by_role("button", name=re.compile(r"Tue\s*1 Dec")).click()
    # The day's times arrive by htmx: pick one once they are there (a click before would pick the old day's).
    expect(page.get_by_role("group", name=re.compile("Times on Tuesday 1 December"))).to_be_visible()
    page.locator("label", has_text="10:15").click()
    page.get_by_label("Full name").fill("Jordan Price")
    page.get_by_label("E-mail").fill("jordan@example.com")
    page.get_by_label("Mobile or phone").fill("07911 123456")
    page.get_by_label("What would you like to discuss?").select_option(label="Hairline")
    page.get_by_role("button", name="Book free consultation").click()
    expect(page.get_by_role("heading", name=re.compile("You.re booked in, Jordan"))).to_be_visible()
    assert violations == []

    # Staff: calendar week view (artist colours come from a stylesheet, not style attributes).
    account("reception@example.com", roles.STAFF)
    log_in(page, site, "reception@example.com")
    page.goto(site + "/staff/calendar/?view=week&date=2026-12-01")
    booking = page.get_by_role("link", name=re.compile("Consultation: Jordan Price"))
    expect(booking).to_be_visible()
    assert booking.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(170, 51, 17)"
    page.goto(site + "/staff/consultations/")
    page.get_by_role("link", name="Jordan Price").first.click()
    expect(page.get_by_role("heading", name=re.compile("Jordan Price"))).to_be_visible()
    # Two-step login set-up: the QR code is a data: image the policy allows.
    page.goto(site + "/accounts/two-step/")
    page.get_by_role("button", name="Set up two-step login").click()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_role("button", name="Log out").click()
    assert violations == []

    # A client with a password: the portal.
    ClientFactory(user=account("jamie@example.com", roles.CLIENT), email="jamie@example.com", full_name="Jamie Walsh")
    log_in(page, site, "jamie@example.com")
    expect(page).to_have_url(re.compile("/portal/$"))
    page.get_by_role("button", name="Log out").click()
    assert violations == []

    # The admin: its login page, the index, lockouts and a change form with the admin's own scripts.
    account("boss@example.com", is_staff=True, is_superuser=True)
    log_in(page, site, "boss@example.com", path="/admin/login/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto(site + "/admin/axes/accessattempt/")
    page.goto(site + "/admin/bookings/artist/")
    page.get_by_role("link", name="Sam Okafor").click()
    expect(page.get_by_label("Display name")).to_have_value("Sam Okafor")
    page.wait_for_load_state("networkidle")
    assert violations == []
