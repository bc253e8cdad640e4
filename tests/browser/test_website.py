"""The clinic's home page and privacy notice on a phone and on a desktop: what a visitor reads, the links
between them and the booking form, the icon and the language, no CSP violation, no serious axe finding."""

import re
from datetime import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Page, expect

from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.website.factories import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/website")  # noqa: S108 (screenshots to look at, not secrets)
PASSWORD = "correct-horse-battery-42"
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "timezone_id": "Europe/London"}

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    sam = ArtistFactory(
        display_name="Sam Okafor",
        bio="Ten years of SMP; natural hairlines are his speciality.",
        hours={d: [(time(9), time(12, 30)), (time(13, 30), time(17, 30))] for d in range(5)},
    )
    sam.photo.save("sam.png", photo(), save=True)
    ArtistFactory(display_name="Priya Shah", bio="Density and scar camouflage.", hours={5: [(time(10), time(16))]})
    return live_server.url


@pytest.fixture(params=["phone", "desktop"])
def screen(request, page: Page, browser: Browser):
    """The phone page of the conftest, or a desktop one; CSP violations collected on either."""
    if request.param == "desktop":
        context = browser.new_context(**DESKTOP)
        request.addfinalizer(context.close)
        page = context.new_page()
    found: list[str] = []
    page.expose_function("cspViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: found.append(message.text) if "Refused to" in message.text else None)
    SHOTS.mkdir(exist_ok=True)
    return request.param, page, found


def test_a_visitor_reads_the_home_page_and_the_privacy_notice(site, screen):
    width, page, violations = screen
    page.goto(site + "/")
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scalp micropigmentation")
    for name in ("What is scalp micropigmentation?", "Who it is for", "How it works", "Treatments and prices"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    stages = page.locator(".site-stages > li")
    expect(stages).to_have_count(4)
    expect(stages.nth(1)).to_contain_text("3–4 treatment sessions")
    expect(page.get_by_text(re.compile(r"from £1,200\.00"))).to_be_visible()  # the seeded hairline price
    team = page.locator("section", has=page.get_by_role("heading", name="Your artists"))
    expect(team).to_contain_text("natural hairlines")
    expect(team.locator("img.site-avatar")).to_have_count(1)
    assert team.locator("img.site-avatar").evaluate("img => img.complete && img.naturalWidth > 0")
    expect(team.locator(".site-avatar-initials")).to_have_text("PS")
    hours = page.locator("table.site-hours")
    expect(hours.get_by_role("row", name=re.compile("Monday"))).to_contain_text("09:00–12:30, 13:30–17:30")
    expect(hours.get_by_role("row", name=re.compile("Saturday"))).to_contain_text("10:00–16:00")
    expect(hours.get_by_role("row", name=re.compile("Sunday"))).to_contain_text("Closed")
    expect(page.get_by_role("link", name=re.compile("Get directions"))).to_have_attribute("href", re.compile("maps"))
    answer = page.get_by_text(re.compile("uncomfortable rather than painful"))
    expect(answer).to_be_hidden()
    page.get_by_text("Does it hurt?").click()
    expect(answer).to_be_visible()
    page.screenshot(path=SHOTS / f"home-{width}.png", full_page=True)
    assert_accessible(page)

    page.locator("footer").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    for name in ("What personal and health data we keep", "How long we keep it", "Your rights", "Who to contact"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    page.screenshot(path=SHOTS / f"privacy-{width}.png", full_page=True)
    assert_accessible(page)

    # The booking form links it next to the consent box, in a new tab so nothing typed is lost.
    page.goto(site + "/")
    page.get_by_role("link", name="Book your free consultation").click()
    link = page.get_by_role("link", name=re.compile("privacy notice"))
    expect(link).to_have_attribute("target", "_blank")
    link.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"book-{width}.png")
    with page.context.expect_page() as opened:
        link.click()
    expect(opened.value.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    opened.value.close()
    assert_accessible(page)

    # An address that does not exist: the error page is the site's own, with the same footer.
    page.goto(site + "/no-such-page/")
    expect(page.locator("footer").get_by_role("link", name="Privacy notice")).to_be_visible()
    assert_accessible(page)
    assert violations == []


def test_the_client_portal_links_the_privacy_notice(site, screen):
    width, page, violations = screen
    user = UserFactory(email="jamie@example.com", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.CLIENT))
    ClientFactory(user=user, email=user.email, full_name="Jamie Walsh")
    page.goto(site + "/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    expect(page.get_by_role("heading", name="Hello Jamie Walsh")).to_be_visible()
    page.screenshot(path=SHOTS / f"portal-{width}.png", full_page=True)
    page.locator("main").get_by_role("link", name="privacy notice").click()
    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    assert_accessible(page)
    assert violations == []


def test_the_icons_the_pages_reference_are_served(site, page: Page):
    for path in ("/", "/privacy/", "/accounts/login/", "/admin/login/"):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.lang").lower() == "en-gb", path
        icons = page.locator("link[rel=icon], link[rel=apple-touch-icon]")
        assert icons.count() >= 1, path
        for href in icons.evaluate_all("links => links.map((l) => l.href)"):
            response = page.request.get(href)
            assert response.status == 200 and response.headers["content-type"].startswith("image/"), href
    # What a browser asks for by itself, on any page (the admin's among them).
    response = page.request.get(site + "/favicon.ico")
    assert response.status == 200 and response.headers["content-type"].startswith("image/")
