"""The pages that tell a client "too late to change online" and "this quote link has expired", read in
Chromium on a phone and on a desktop, with axe finding no serious or critical violation."""

from datetime import time, timedelta

import pytest
from playwright.sync_api import Browser, expect

from bookings.models import BookingPolicy
from bookings.services import book_consultation
from bookings.tokens import make_manage_token
from clients.services import ClientDetails
from quotes.services import decline_quote, issue_quote, save_draft
from quotes.tokens import make_quote_token
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(18))] for d in range(7)})
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447911123456")
    appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    quote = issue_quote(quote_id=save_draft(client=ClientFactory(), treatment_type="crown").pk)
    decline_quote(quote_id=quote.pk)
    return live_server.url, appointment, quote, time_machine


@pytest.mark.parametrize("width", WIDTHS)
def test_too_late_and_expired_link_pages(site, browser: Browser, width, tmp_path, settings):
    base, appointment, quote, time_machine = site
    context = browser.new_context(viewport=WIDTHS[width], locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    manage = f"{base}/bookings/{make_manage_token(appointment)}/"

    BookingPolicy.objects.filter(pk=1).update(change_notice_hours=24)
    page.goto(manage)
    expect(page.locator("#change-notice")).to_contain_text("up to 24 hours before it starts")
    expect(page.get_by_role("link", name="Cancel this consultation")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"manage-open-{width}.png", full_page=True)

    BookingPolicy.objects.filter(pk=1).update(change_notice_hours=48)
    page.goto(manage)
    expect(page.locator("#change-notice")).to_contain_text("can't be moved or cancelled online")
    expect(page.get_by_role("link", name="Cancel this consultation")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"manage-too-late-{width}.png", full_page=True)

    settings.QUOTE_LINK_DAYS_AFTER_CLOSE = 1
    time_machine.move_to(london(2026, 12, 1, 9, 0) + timedelta(minutes=1), tick=True)
    response = page.goto(f"{base}/q/{make_quote_token(quote)}/")
    assert response.status == 410
    expect(page.get_by_role("heading", name="This quote link has expired")).to_be_visible()
    expect(page.get_by_text("You declined this quote on 30 November 2026")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"quote-closed-{width}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_portal_move_page_inside_the_notice(
    live_server,
    settings,
    time_machine,
    consultation,
    policy,
    session_services,
    spacing,
    eligible_client,
    browser,
    width,
    tmp_path,
):
    from django.test import Client

    from bookings.services import create_plan, schedule_session
    from portal.login_links import portal_user_for

    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    artist = ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    django_client = Client()
    django_client.force_login(portal_user_for(eligible_client))
    context = browser.new_context(viewport=WIDTHS[width], locale="en-GB", timezone_id="Europe/London")
    cookie = django_client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    BookingPolicy.objects.filter(pk=1).update(change_notice_hours=48)  # session 1 is 25 hours away
    page.goto(f"{live_server.url}/portal/sessions/{first.pk}/move/")
    expect(page.locator("#change-notice")).to_contain_text("less than 48 hours, so it can't be moved online")
    expect(page.get_by_role("button", name="Move my session")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"portal-too-late-{width}.png", full_page=True)
    context.close()
