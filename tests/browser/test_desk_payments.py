"""Reception records a desk payment and a refund; the balance is right on the client page, the money page,
the quote, the plan and in the client's portal, where the receipt downloads. Screenshots of each page."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from bookings.services import create_plan, schedule_session
from clinic.users import roles
from payments.models import LedgerEntry
from quotes.models import Quote
from tests.bookings.factories import ArtistFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.payments.factories import accepted_quote
from tests.payments.helpers import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
SHOTS = "/work/shots/receipts"


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    reception = UserFactory(email="reception@example.com", password=PASSWORD)
    reception.groups.add(Group.objects.get(name=roles.STAFF))
    owner = UserFactory(email=eligible_client.email, password=PASSWORD)
    owner.groups.add(Group.objects.get(name=roles.CLIENT))
    eligible_client.user = owner
    eligible_client.save()
    artist = ArtistFactory(display_name="Sam Okafor")
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 10, 0))
    quote = accepted_quote(client=eligible_client)  # crown: £1,100, deposit £220
    Quote.objects.filter(pk=quote.pk).update(plan=plan)
    return live_server.url, eligible_client, quote, plan


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_reception_records_a_payment_and_a_refund(clinic, page: Page, tmp_path):
    base, client, quote, plan = clinic
    log_in(page, base, "reception@example.com")
    page.goto(f"{base}/staff/clients/{client.pk}/")
    expect(page.locator("#money-panel .balance")).to_have_text("Balance £1,100.00 due")
    page.get_by_role("link", name="Payments and refunds").click()

    # A typo first: three decimals. The form says why and keeps what was typed.
    page.get_by_label("Deposit").check()
    page.get_by_label("Amount (£)").fill("220.005")
    page.get_by_label("Method").select_option(label="Card (at the desk)")
    page.get_by_label("Reference").fill("TERM-0042")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("at most two decimal places")).to_be_visible()
    expect(page.get_by_label("Reference")).to_have_value("TERM-0042")
    page.screenshot(path=f"{SHOTS}/desk-payment-error.png", full_page=True)

    page.get_by_label("Amount (£)").fill("220")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Deposit of £220.00 recorded.")).to_be_visible()
    expect(page.locator("#balance")).to_have_text("£880.00 due")
    page.get_by_label("Amount (£)").fill("500")
    page.get_by_label("Method").select_option(label="Cash")
    page.get_by_label("Reference").fill("")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of £500.00 recorded.")).to_be_visible()
    expect(page.locator("#balance")).to_have_text("£380.00 due")
    page.screenshot(path=f"{SHOTS}/desk-money-page.png", full_page=True)

    page.get_by_role("link", name="Refund R-2026-0002").click()
    expect(page.locator("#refundable")).to_contain_text("£500.00")
    page.get_by_label("Amount to refund (£)").fill("600")
    page.get_by_role("button", name="Record refund").click()
    expect(page.get_by_text("Only £500.00 of that payment is left to refund.")).to_be_visible()
    page.get_by_label("Amount to refund (£)").fill("50")
    page.get_by_label("Reason").fill("Aftercare lotion not needed")
    page.screenshot(path=f"{SHOTS}/desk-refund-form.png", full_page=True)
    page.get_by_role("button", name="Record refund").click()
    expect(page.get_by_text("Refund of £50.00 recorded.")).to_be_visible()
    expect(page.locator("#balance")).to_have_text("£430.00 due")
    assert [(e.kind, e.amount) for e in LedgerEntry.objects.order_by("pk")] == [
        ("deposit", Decimal("220.00")),
        ("payment", Decimal("500.00")),
        ("refund", Decimal("50.00")),
    ]

    page.goto(f"{base}/staff/clients/{client.pk}/")
    expect(page.locator("#money-panel .balance")).to_have_text("Balance £430.00 due")
    page.screenshot(path=f"{SHOTS}/client-page.png", full_page=True)
    page.goto(f"{base}/staff/quotes/{quote.pk}/")
    expect(page.locator(".note-balance")).to_contain_text("Balance £430.00 due")
    page.goto(f"{base}/staff/plans/{plan.pk}/")
    expect(page.locator(".flag-balance").first).to_have_text("Balance £430.00 due")
    page.screenshot(path=f"{SHOTS}/plan-page.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, base, client.email)
    page.goto(f"{base}/portal/")
    panel = page.locator("#payments-panel")
    expect(panel.locator(".balance")).to_have_text("Balance to pay: £430.00")
    expect(panel.locator(".receipts li")).to_have_count(3)
    page.screenshot(path=f"{SHOTS}/portal-home.png", full_page=True)
    with page.expect_download() as download:
        panel.get_by_role("link", name="R-2026-0003").click()
    saved = tmp_path / "refund.pdf"
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert "R-2026-0003" in text and "Refund of R-2026-0002" in text and "£430.00" in text
    panel.get_by_role("link", name="Statement", exact=True).click()
    expect(page.locator("#balance")).to_have_text("£430.00 due")
    page.screenshot(path=f"{SHOTS}/portal-statement.png", full_page=True)
