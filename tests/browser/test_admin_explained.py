"""The admin pages this lane changed, in Chromium at 1280 px: the aftercare steps inline fits the screen, a refused
save reads as the rule, and axe finds nothing serious on the forms (labels, select names), errors shown too."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from aftercare.models import AftercareTemplate
from bookings.models import Service
from tests.browser.test_admin_pages import DESKTOP, admin_log_in, checked, owner, watched_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_aftercare_steps_fit_a_1280_px_screen(owner, browser: Browser):  # noqa: F811
    template = AftercareTemplate.objects.order_by("pk").first()
    assert template.steps.count() >= 5  # the migrated 30-day template: a long, wide table
    page, violations = watched_page(browser, DESKTOP)
    admin_log_in(page, owner, violations)
    page.goto(owner + reverse("admin:aftercare_aftercaretemplate_change", args=[template.pk]))
    widths = page.evaluate(
        """() => {
          const group = document.querySelector('.inline-group');
          return {page: document.documentElement.scrollWidth, group: group.scrollWidth, shown: group.clientWidth};
        }"""
    )
    assert widths["page"] <= 1280, widths  # no sideways scrolling of the page
    assert widths["group"] <= widths["shown"], widths  # nor inside the inline table
    checked(page, violations)


def test_a_refused_spacing_rule_reads_as_the_rule_and_passes_axe(owner, browser: Browser):  # noqa: F811
    page, violations = watched_page(browser, DESKTOP)
    admin_log_in(page, owner, violations)
    page.goto(owner + reverse("admin:bookings_spacingrules_change", args=[1]))
    page.get_by_label("Session 1→2: recommended (days)").fill("3")
    page.get_by_role("button", name="Save and continue editing").click()
    errors = page.locator(".errornote, .errorlist")
    expect(errors.first).to_be_visible()
    expect(page.locator("#content")).to_contain_text("Each recommended gap must be at least its minimum")
    expect(page.locator("#content")).not_to_contain_text("is violated")
    checked(page, violations)


@pytest.mark.parametrize(
    "path",
    [
        ("admin:bookings_service_change", "service"),
        ("admin:bookings_bookingpolicy_change", 1),
        ("admin:bookings_clinicclosure_add", None),
        ("admin:bookings_treatmentplan_add", None),
        ("admin:bookings_artist_add", None),
    ],
    ids=["service", "policy", "closure", "plan", "artist"],
)
def test_the_changed_admin_forms_pass_axe(owner, browser: Browser, path):  # noqa: F811
    name, arg = path
    if arg == "service":
        arg = Service.objects.order_by("pk").first().pk
    page, violations = watched_page(browser, DESKTOP)
    admin_log_in(page, owner, violations)
    page.goto(owner + reverse(name, args=[arg] if arg else []))
    expect(page.locator("#content form")).to_be_visible()
    checked(page, violations)
