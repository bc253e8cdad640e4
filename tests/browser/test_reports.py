"""The reports in Chromium at 1280 px: a manager opens them from the nav, picks the last 12 months, sees the
charts and tables with no CSP violation, downloads a table as CSV; axe passes; a screenshot is kept. On a
phone the charts fit the screen and the wide tables scroll in their own boxes, not the page."""

import csv
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import REPORT_VIOLATIONS, account, log_in
from tests.browser.test_staff_pages import DESKTOP, PHONE, assert_no_sideways_scroll
from tests.frontdesk.report_data import sample_clinic
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SHOTS_DIR", "/work/briefs/shots"))


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 9, 0), tick=True)
    settings.SITE_URL = live_server.url
    settings.MANAGER_REQUIRE_TOTP = False
    sample_clinic(artists=[ArtistFactory(display_name="Sam Okafor"), ArtistFactory(display_name="Priya Shah")])
    account("owner@example.com", roles.STAFF).groups.add(*roles_groups(roles.MANAGER))
    return live_server.url


def roles_groups(*names):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=names)


def test_a_manager_reads_the_reports_and_downloads_a_csv(browser, clinic):
    page = browser.new_context(**DESKTOP, accept_downloads=True).new_page()
    violations: list[str] = []
    page.expose_function("cspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    log_in(page, clinic, "owner@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    page.get_by_label("Period", exact=True).select_option(label="Last 12 months")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("1 December 2025 to 30 November 2026, all artists")).to_be_visible()
    for heading in ("The client journey", "Money", "Diary health", "Retention"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    funnel = page.get_by_role("img", name="Journey funnel (chart; the figures are in the table)")
    expect(funnel).to_be_visible()
    assert funnel.locator("rect.bar").count() == 7
    assert page.locator("#table-funnel tbody tr").count() == 7
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "reports.png", full_page=True)
    with page.expect_download() as download:
        page.locator("#table-money caption").get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0][:3] == ["Month", "Quoted", "Quoted value (£)"]
    assert [r[0] for r in rows[1:]] == [page.locator("#table-money tbody tr th").nth(i).inner_text() for i in range(12)]
    assert download.value.suggested_filename == "money-20251201-20261130.csv"
    assert violations == []


def test_on_a_phone_the_charts_fit_and_only_the_tables_scroll(browser, clinic):
    page = browser.new_context(**PHONE).new_page()
    log_in(page, clinic, "owner@example.com")
    page.goto(f"{clinic}/staff/reports/?preset=last_12_months")
    expect(page.get_by_role("heading", name="Diary health", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.clientWidth")
    charts = page.locator("svg.report-chart")
    assert charts.count() >= 4
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, charts.nth(i).get_attribute("id")
    diary = page.locator("#table-diary")
    assert diary.evaluate("t => t.scrollWidth") > width  # wide: it scrolls inside its box
    assert_no_sideways_scroll(page)
