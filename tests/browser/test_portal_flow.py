"""A client in treatment logs in by e-mail link and uses the portal; a receptionist resets a forgotten
password. Each on a phone and on a desktop, axe-checked on every page and error state they see."""

import io
import os
import re
import zipfile
from datetime import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from bookings.services import create_plan, schedule_session
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR", "")  # set it to keep screenshots of each page to look at
SIZES = {"phone": None, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=list(SIZES))
def screen(request, browser: Browser, page: Page):
    """The conftest's phone page, or a desktop context of its own."""
    if SIZES[request.param] is None:
        yield request.param, page
        return
    context = browser.new_context(viewport=SIZES[request.param], locale="en-GB", timezone_id="Europe/London")
    yield request.param, context.new_page()
    context.close()


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    return live_server.url


def link_in(message, path: str) -> str:
    return re.search(rf"(http://\S+{path}\S+/)", message.body).group(1)


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_client_in_treatment_uses_the_portal(site, screen, eligible_client):
    size, page = screen
    record = eligible_client
    artist = ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=record, artist=artist, treatment_type="crown")
    schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    IssuedQuoteFactory(client=record)
    mail.outbox.clear()  # the quote's own e-mail

    page.goto(site + "/portal/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Send me a link").click()  # nothing typed: the error state
    expect(page.get_by_text("This field is required")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your e-mail address").fill(record.email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("we've e-mailed a login link")).to_be_visible()
    assert_accessible(page)

    (message,) = mail.outbox
    html = next(body for body, kind in message.alternatives if kind == "text/html")
    assert message.to == [record.email] and "0161 496 0000" in html
    page.goto(link_in(message, "/portal/login/"))
    assert_accessible(page)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name=f"Hello {record.full_name}")).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("Session 1 of 3: Tuesday 1 December 2026, 09:00")
    header = page.locator("header")
    expect(header.get_by_role("link", name="My treatment")).to_be_visible()
    expect(header.get_by_role("link", name="Book a free consultation")).to_have_count(0)
    expect(page.locator("#quotes")).to_contain_text("Issued")
    assert_accessible(page)
    shot(page, f"portal-home-{size}")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "client.json" in archive.namelist()

    page.get_by_role("link", name="Edit my details and preferences").click()
    assert_accessible(page)
    page.get_by_label("Mobile or phone").fill("not a phone")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    assert_accessible(page)
    shot(page, f"portal-details-error-{size}")
    page.get_by_label("Mobile or phone").fill("07911 123457")
    page.get_by_label("Offers and news").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    expect(page.get_by_text("Offers and news: yes")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    assert_accessible(page)
    shot(page, f"logged-out-{size}")


def test_staff_member_resets_a_forgotten_password(site, screen):
    size, page = screen
    user = UserFactory(email="reception@example.com", full_name="Riley Chen", password="an-old-pass-word")
    user.groups.add(Group.objects.get_or_create(name=roles.STAFF)[0])

    page.goto(site + "/accounts/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Forgot password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your e-mail address").fill("not an address")
    page.get_by_role("button", name="E-mail me a reset link").click()
    expect(page.get_by_text("Enter a valid email address")).to_be_visible()
    assert_accessible(page)
    shot(page, f"reset-error-{size}")
    page.get_by_label("Your e-mail address").fill("Reception@example.com")
    page.get_by_role("button", name="E-mail me a reset link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert_accessible(page)

    (message,) = mail.outbox
    assert message.to == ["reception@example.com"]
    html = next(body for body, kind in message.alternatives if kind == "text/html")
    link = link_in(message, "/accounts/password/reset/")
    assert link in html and "Northline Scalp Studio" in html
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_new_password1").fill("a-brand-new-pass-77")
    page.locator("#id_new_password2").fill("something-else-88")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)
    shot(page, f"reset-mismatch-{size}")
    page.locator("#id_new_password1").fill("a-brand-new-pass-77")
    page.locator("#id_new_password2").fill("a-brand-new-pass-77")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="Your new password is saved")).to_be_visible()
    assert_accessible(page)

    page.goto(link)  # once only
    expect(page.get_by_role("heading", name="This reset link doesn't work any more")).to_be_visible()
    assert_accessible(page)
    page.goto(site + "/accounts/login/")
    page.get_by_label("E-mail address").fill("reception@example.com")
    page.get_by_label("Password").fill("a-brand-new-pass-77")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
