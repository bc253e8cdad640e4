"""The client's aftercare page on a check-in moved past Christmas: dated "Today", the moved check-in, the closing
advice once; on a phone and on a desktop, with no serious or critical axe violation."""

import os
from datetime import time

import pytest
from playwright.sync_api import Page, expect

from aftercare.services.schedules import generate_aftercare_schedule
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOTS_DIR")  # set it to look at the pages yourself


@pytest.fixture
def schedule_url(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    from aftercare.tokens import schedule_url
    from bookings.services import create_plan, schedule_session

    settings.SITE_URL = live_server.url
    time_machine.move_to(london(2026, 11, 20, 8, 0), tick=False)
    artist = ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="full_head")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 11, 25, 10, 0)).appointment
    schedule = generate_aftercare_schedule(session=session, purpose="final")  # day 30 = Christmas Day
    time_machine.move_to(london(2026, 12, 28, 10, 0), tick=True)
    return schedule_url(schedule)  # signed today, as the check-in e-mail's link is


@pytest.mark.parametrize("width", [390, 1280])
def test_the_aftercare_page_on_the_moved_check_in_day(schedule_url, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    page: Page = context.new_page()
    page.goto(schedule_url)
    expect(page.locator("#today-heading")).to_have_text("Today, Monday 28 December: day 33")
    expect(page.locator("#today")).to_contain_text("Check-in: is a touch-up needed?")
    expect(page.get_by_text("After that:")).to_have_count(0)
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/aftercare-{width}.png", full_page=True)
    context.close()
