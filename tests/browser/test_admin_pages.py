"""The owner's admin pages under the strict Content-Security-Policy (relaxed under /admin/ only by the hash of
Django's one inline style) with no serious axe violation, on a phone and on a desktop; a change form in use."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from aftercare.models import AftercareTemplate
from bookings.models import Artist, BookingPolicy, SpacingRules, TimeOff, WorkingHours
from quotes.models import ExtentPrice, PriceExtra, TreatmentPrice
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import PASSWORD, REPORT_VIOLATIONS, account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
    "timezone_id": "Europe/London",
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "timezone_id": "Europe/London"}
OWNER_MODELS = (TreatmentPrice, ExtentPrice, PriceExtra, BookingPolicy, SpacingRules, AftercareTemplate, Artist)


def owner_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in OWNER_MODELS:
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[model.objects.order_by("pk").first().pk]))
    pages.append(reverse("admin:quotes_priceextra_add"))
    return pages


def watched_page(browser: Browser, device: dict) -> tuple[Page, list[str]]:
    page = browser.new_context(**device).new_page()
    found: list[str] = []
    page.expose_function("cspViolation", lambda text: found.append(f"{page.url}: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: found.append(f"{page.url}: {m.text}") if "Refused to" in m.text else None)
    return page, found


def checked(page: Page, violations: list[str]) -> None:
    """No CSP violation so far, then axe. axe-core injects a <style> of its own, which the policy refuses:
    its reports are dropped after the check, so that only the page's own count."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)  # violation reports arrive after the load
    assert violations == []
    assert_accessible(page)
    page.wait_for_timeout(200)
    violations.clear()


def admin_log_in(page: Page, base: str, violations: list[str]) -> None:
    page.goto(base + "/admin/login/")
    checked(page, violations)
    page.locator("input[name=username]").fill("owner@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


@pytest.fixture
def owner(live_server, consultation, policy, spacing):
    from tests.bookings.factories import ArtistFactory

    ArtistFactory(display_name="Sam Okafor")
    account("owner@example.com", is_staff=True, is_superuser=True)
    return live_server.url


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_owners_admin_pages_raise_no_csp_violation_and_pass_axe(owner, browser: Browser, device):
    page, violations = watched_page(browser, device)
    admin_log_in(page, owner, violations)
    for path in owner_pages():
        page.goto(owner + path)
        checked(page, violations)
        if shots := os.environ.get("SCREENSHOT_DIR"):  # set it to keep screenshots to look at
            name = "-".join(part for part in path.split("/") if part)
            page.screenshot(path=os.path.join(shots, f"{name}-{page.viewport_size['width']}.png"), full_page=True)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_artist_change_form_in_use_raises_no_violation(owner, browser: Browser, device):
    artist = Artist.objects.get(display_name="Sam Okafor")
    page, violations = watched_page(browser, device)
    admin_log_in(page, owner, violations)
    page.goto(owner + reverse("admin:bookings_artist_change", args=[artist.pk]))
    # The admin's own scripts at work: a new inline row, the date and time shortcuts.
    page.get_by_role("button", name=re.compile("Add another Time off", re.I)).click()
    row = page.locator("#time_off-0")
    row.get_by_role("textbox", name="Start, date").fill("24/12/2026")
    row.get_by_role("textbox", name="Start, time").fill("13:00:00")
    row.get_by_role("textbox", name="End, date").fill("27/12/2026")
    row.locator(".datetimeshortcuts a", has_text="Now").last.click()  # the time shortcut fills "End, time"
    row.get_by_role("textbox", name="End, time").fill("09:00:00")
    row.locator("a[id^=calendarlink]").first.click()  # the calendar pop-up
    expect(page.locator(".calendarbox:visible")).to_have_count(1)
    checked(page, violations)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    checked(page, violations)
    assert TimeOff.objects.filter(artist=artist).count() == 1
    assert WorkingHours.objects.filter(artist=artist).count() == 7


def test_an_aftercare_template_saves_from_its_change_form(owner, browser: Browser):
    template = AftercareTemplate.objects.order_by("pk").first()
    steps = template.steps.count()
    page, violations = watched_page(browser, DESKTOP)
    admin_log_in(page, owner, violations)
    page.goto(owner + reverse("admin:aftercare_aftercaretemplate_change", args=[template.pk]))
    page.get_by_role("textbox", name="Title, " + str(template.steps.order_by("pk").first())).fill("Keep it dry")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    checked(page, violations)
    assert template.steps.count() == steps
    assert template.steps.filter(title="Keep it dry").count() == 1
