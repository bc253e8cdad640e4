"""The deposit and the policy in the browser: the client accepts a quote and is told how to pay the deposit and
what a late cancellation costs; reception finds the forfeited deposit of a late-cancelled session on the plan
and waives it with a reason; the client's portal quotes the same policy."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import Page, expect

from bookings.services import cancel_appointment, schedule_session
from clinic.users import roles
from payments.policy.models import PaymentPolicy, PolicyDecision
from payments.selectors.balance import balance_of
from tests.bookings.factories import ArtistFactory
from tests.clinic.factories import UserFactory
from tests.helpers import EVERY_DAY, london
from tests.payments.policy_world import pay_deposit
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    policy.change_notice_hours = 48
    policy.save()
    reception = UserFactory(email="reception@example.com", password=PASSWORD)
    reception.groups.add(Group.objects.get(name=roles.STAFF))
    owner = UserFactory(email=eligible_client.email, password=PASSWORD)
    owner.groups.add(Group.objects.get(name=roles.CLIENT))
    eligible_client.user = owner
    eligible_client.save()
    ArtistFactory(display_name="Sam Okafor", hours=EVERY_DAY)
    return live_server.url, eligible_client


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_deposit_request_late_cancellation_and_waiver(clinic, page: Page, time_machine):
    base, client = clinic
    quote = IssuedQuoteFactory(client=client, treatment_type="crown")
    link = re.search(r"(http://\S+/q/\S+/)", mail.outbox[-1].body).group(1)

    # The client accepts: the page says how to pay the deposit and quotes the policy.
    page.goto(link)
    expect(page.locator("#policy-terms")).to_contain_text("less than 48 hours' notice")
    page.get_by_label("Type your full name to accept").fill(client.full_name)
    page.get_by_role("button", name="Accept this quote").click()
    expect(page.locator("#quote-status")).to_have_text("Accepted")
    expect(page.locator("#next-step-1")).to_contain_text(f"Your deposit of £{quote.deposit:,.2f} secures")
    expect(page.locator("#next-step-1")).to_contain_text("You can pay at the clinic by card or cash")
    shoot(page, "policy-accepted-quote-phone")
    request = next(m for m in mail.outbox if m.subject.startswith("Your deposit for quote"))
    assert "You can pay at the clinic" in request.body

    # Reception takes the deposit; session 1 is booked, then cancelled by phone 46 hours before.
    quote.refresh_from_db()
    pay_deposit(quote)
    session = schedule_session(plan_id=quote.plan_id, number=1, start=london(2026, 12, 3, 10, 0)).appointment
    cancel_appointment(appointment_id=session.pk, online=False, now=london(2026, 12, 1, 12, 0))
    assert balance_of(quote).outstanding == quote.total

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "reception@example.com")
    page.goto(f"{base}/staff/plans/{quote.plan_id}/")
    flag = page.get_by_role("link", name=re.compile("Late cancellation: deposit forfeited"))
    expect(flag).to_be_visible()
    shoot(page, "policy-plan-forfeited")
    flag.click()
    expect(page.get_by_role("heading", name="Waive a late cancellation charge")).to_be_visible()
    page.get_by_role("button", name=re.compile("Waive")).click()  # no reason: refused, on the page
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("Why is it waived?").fill("The artist was ill and the client was told on Monday")
    shoot(page, "policy-waive")
    page.get_by_role("button", name=re.compile("Waive")).click()
    expect(page.get_by_text("Waived: the charge is written off")).to_be_visible()
    expect(page.get_by_text(re.compile("deposit forfeited .*, waived"))).to_be_visible()
    shoot(page, "policy-plan-waived")
    decision = PolicyDecision.objects.get()
    assert decision.waived_reason == "The artist was ill and the client was told on Monday"
    assert balance_of(quote).outstanding == quote.total - quote.deposit

    # The client's portal: the deposit paid and the same policy.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, client.email)
    page.goto(base + "/portal/")
    expect(page.locator("#deposit-policy")).to_contain_text(f"your deposit of £{quote.deposit:,.2f} is paid")
    expect(page.locator("#policy-terms")).to_contain_text("your deposit is held for you until you can go ahead")
    shoot(page, "policy-portal-phone")


def test_the_manager_edits_the_policy_in_the_admin(clinic, page: Page):
    base, _client = clinic
    PaymentPolicy.load()
    manager = UserFactory(email="owner@example.com", password=PASSWORD, is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.MANAGER))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "owner@example.com")
    page.goto(base + "/admin/payments/paymentpolicy/1/change/")
    expect(page.get_by_text("set in Bookings › Booking policy")).to_be_visible()
    page.get_by_label("Late cancellation of a treatment session").select_option("fee")
    page.get_by_label("Late cancellation fee").fill("0")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("must be more than £0.00 when a fee is charged")).to_be_visible()
    page.get_by_label("Late cancellation fee").fill("75")
    shoot(page, "policy-admin")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
