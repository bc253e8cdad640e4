"""The client accepts a quote, pays the deposit online, and sees it in the portal.

Stripe's two parts are replaced at the HTTP layer: its API (the Checkout Session) answers from `responses`,
and its Checkout page is intercepted in the browser (`page.route`), which sends the client back as Stripe
does; the test then posts the signed `checkout.session.completed` webhook itself, as Stripe would.
"""

import io
import os
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from clinic.users import roles
from payments.models import LedgerEntry
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.payments.stripe_support import API, SECRET, completed, post
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/work/shots/stripe"))
CHECKOUT = "https://checkout.stripe.com/c/pay/cs_test_browser"


def shot(page: Page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_clinic"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {  # as base.py makes it with PAYMENTS_PROVIDER=stripe
        "DIRECTIVES": {**directives, "form-action": [*directives["form-action"], settings.STRIPE_CHECKOUT_ORIGIN]}
    }
    ArtistFactory(display_name="Sam Okafor")
    user = UserFactory(email="jamie@example.com", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.CLIENT))
    record = ClientFactory(full_name="Jamie Walsh", email="jamie@example.com", user=user)
    quote = IssuedQuoteFactory(client=record, treatment_type="crown")
    return live_server.url, quote


def test_client_accepts_pays_the_deposit_online_and_sees_it(clinic, page: Page):
    base, quote = clinic
    stripe_api = responses.RequestsMock(assert_all_requests_are_fired=True)
    stripe_api.add_passthru(base)
    stripe_api.post(f"{API}/checkout/sessions", json={"id": "cs_test_browser", "url": CHECKOUT})

    def stripe_checkout_page(route):
        # Stripe's page, replaced: the card is "paid" and the client sent back to the Session's success URL.
        success_url = parse_qs(stripe_api.calls[-1].request.body)["success_url"][0]
        route.fulfill(status=303, headers={"Location": success_url})

    page.route("https://checkout.stripe.com/**", stripe_checkout_page)

    link = re.search(r"(http://\S+/q/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Type your full name to accept").fill("Jamie Walsh")
    page.get_by_role("button", name="Accept this quote").click()
    expect(page.get_by_text("quote accepted")).to_be_visible()
    expect(page.locator("#pay-deposit-due")).to_have_text("£220.00")
    assert_accessible(page)
    shot(page, "quote-accepted-pay-online-phone")

    with stripe_api:
        with page.expect_request(re.compile(r"https://checkout\.stripe\.com/")):
            page.get_by_role("button", name="Pay the deposit (£220.00)").click()
        expect(page.locator("#payment-status")).to_be_visible()
        sent = parse_qs(stripe_api.calls[0].request.body)
    assert sent["line_items[0][price_data][unit_amount]"] == ["22000"]
    assert sent["metadata[quote_number]"] == [quote.number]

    # Back from Stripe before its webhook: nothing recorded, the page says so and refreshes itself.
    expect(page.locator("#payment-status")).to_contain_text("We're waiting for the card payment service")
    assert LedgerEntry.objects.count() == 0
    assert_accessible(page)
    shot(page, "payment-confirming-phone")

    attempt = quote.checkout_attempts.get()
    response = post(Client(), completed(quote, pence=22000, intent="pi_browser", attempt=attempt))
    assert response.status_code == 200
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible(timeout=10_000)  # the refresh
    expect(page.locator("#payment-status")).to_contain_text("£220.00")
    assert_accessible(page)
    shot(page, "payment-received-phone")

    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.method, entry.reference) == (
        "deposit",
        Decimal("220.00"),
        "card_online",
        "pi_browser",
    )

    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("jamie@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hello Jamie Walsh")).to_be_visible()
    quotes = page.locator("#quotes")
    expect(quotes).to_contain_text("Balance £880.00")  # £1,100 less the £220 deposit
    expect(quotes.get_by_role("button", name=f"Pay the deposit of quote {quote.number} online")).to_have_count(0)
    expect(quotes.get_by_role("button", name=f"Pay the balance of quote {quote.number} online")).to_be_visible()
    # The receipt of the online deposit is in the portal, and its PDF says what was paid, how and for what.
    receipt = entry.receipt
    link = page.get_by_role("link", name=receipt.number)
    expect(link).to_be_visible()
    pdf = page.request.get(base + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert receipt.number in text and quote.number in text and "£220.00" in text and "Card (online)" in text
    assert_accessible(page)
    shot(page, "portal-after-deposit-phone")
