"""Paying online: the Checkout Session asked of Stripe (recorded answers), the button, the page after return."""

from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import requests
from django.urls import reverse

from clinic.users import roles
from payments.models import LedgerEntry
from payments.services.ledger import record_payment
from payments.stripe.checkout import start_checkout
from payments.stripe.errors import NothingToPay, OnlinePaymentsOff, StripeUnavailable
from payments.stripe.models import CheckoutAttempt
from quotes.tokens import make_quote_token
from tests.clients.factories import ClientFactory
from tests.helpers import user_with
from tests.payments.stripe_support import API, completed, post, stripe_error
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = pytest.mark.django_db
SESSIONS = f"{API}/checkout/sessions"


def session_json(n: int = 1) -> dict:
    return {"id": f"cs_test_{n}", "object": "checkout.session", "url": f"https://checkout.stripe.com/c/pay/cs_test_{n}"}


def sent(call) -> dict:
    return {k: v[0] for k, v in parse_qs(call.request.body).items()}


def test_the_deposit_session_is_in_pence_gbp_with_the_quote_in_its_metadata(stripe_on, stripe_api, accepted):
    stripe_api.post(SESSIONS, json=session_json())
    attempt = start_checkout(quote_id=accepted.pk, purpose="deposit")
    assert (attempt.status, attempt.session_id, attempt.amount) == ("open", "cs_test_1", Decimal("220.00"))
    assert attempt.url == "https://checkout.stripe.com/c/pay/cs_test_1"
    (call,) = stripe_api.calls
    body = sent(call)
    assert call.request.headers["Idempotency-Key"] == f"checkout-{attempt.key}"
    assert call.request.headers["Authorization"] == "Bearer sk_test_clinic"
    assert body["mode"] == "payment"
    assert body["line_items[0][price_data][currency]"] == "gbp"
    assert body["line_items[0][price_data][unit_amount]"] == "22000"
    assert body["line_items[0][price_data][product_data][name]"] == f"Deposit for quote {accepted.number}"
    assert body["metadata[quote_number]"] == accepted.number
    assert body["metadata[quote_public_id]"] == str(accepted.public_id)
    assert body["metadata[purpose]"] == "deposit"
    assert body["metadata[attempt]"] == str(attempt.key)
    assert body["payment_intent_data[metadata][quote_number]"] == accepted.number
    token = make_quote_token(accepted)
    assert body["success_url"] == f"http://testserver/payments/q/{token}/paid/?attempt={attempt.key}"
    assert body["cancel_url"] == f"http://testserver/q/{token}/"
    assert body["customer_email"] == accepted.client.email
    assert int(body["expires_at"]) - int(attempt.created_at.timestamp()) == 60 * 60
    assert LedgerEntry.objects.count() == 0  # nothing is recorded until the webhook says so


def test_the_balance_session_asks_for_what_is_left(stripe_on, stripe_api, accepted):
    record_payment(quote_id=accepted.pk, amount=Decimal("220.00"), method="cash", kind="deposit")
    stripe_api.post(SESSIONS, json=session_json())
    attempt = start_checkout(quote_id=accepted.pk, purpose="balance")
    assert attempt.amount == Decimal("880.00")
    assert sent(stripe_api.calls[0])["line_items[0][price_data][unit_amount]"] == "88000"
    with pytest.raises(NothingToPay, match="deposit is already paid"):
        start_checkout(quote_id=accepted.pk, purpose="deposit")


def test_an_open_page_is_offered_again_not_a_second_one(stripe_on, stripe_api, accepted, frozen):
    stripe_api.post(SESSIONS, json=session_json(1))
    first = start_checkout(quote_id=accepted.pk, purpose="deposit")
    frozen.shift(20 * 60)
    assert start_checkout(quote_id=accepted.pk, purpose="deposit").pk == first.pk
    assert len(stripe_api.calls) == 1
    frozen.shift(15 * 60)  # less than 30 minutes of the page left: a new attempt, a new key
    stripe_api.replace("POST", SESSIONS, json=session_json(2))
    second = start_checkout(quote_id=accepted.pk, purpose="deposit")
    assert second.pk != first.pk and second.session_id == "cs_test_2"
    assert stripe_api.calls[1].request.headers["Idempotency-Key"] == f"checkout-{second.key}"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": 429, "json": {"error": {"type": "rate_limit_error", "message": "Too many"}}}, "busy"),
        ({"body": requests.exceptions.Timeout("read timed out")}, "could not reach"),
        ({"body": requests.exceptions.ConnectionError("refused")}, "could not reach"),
        ({"status": 401, "json": {"error": {"type": "invalid_request_error", "message": "bad key"}}}, "not set up"),
        (
            stripe_error(402, "card_declined", "Your card was declined.", kind="card_error"),
            "The card was declined: Your card was declined.",
        ),
        (stripe_error(400, "parameter_invalid_integer", "Invalid integer"), "refused the request"),
    ],
    ids=["429", "timeout", "connection", "401", "402 declined", "400"],
)
def test_stripe_errors_are_clear_and_the_retry_uses_the_same_key(stripe_on, stripe_api, accepted, answer, message):
    stripe_api.post(SESSIONS, **answer)
    with pytest.raises(StripeUnavailable, match=message):
        start_checkout(quote_id=accepted.pk, purpose="deposit")
    attempt = CheckoutAttempt.objects.get()
    assert attempt.status == "new" and message.split(":")[0] in attempt.error
    assert LedgerEntry.objects.count() == 0
    stripe_api.replace("POST", SESSIONS, json=session_json())
    retried = start_checkout(quote_id=accepted.pk, purpose="deposit")
    assert retried.pk == attempt.pk and retried.status == "open"
    keys = {call.request.headers["Idempotency-Key"] for call in stripe_api.calls}
    assert keys == {f"checkout-{attempt.key}"}  # whatever reached Stripe the first time is the same Session
    assert sent(stripe_api.calls[0]) == sent(stripe_api.calls[-1])  # and the same parameters (Stripe checks)


def test_online_payment_is_off_by_default(settings, stripe_api, accepted):
    assert settings.PAYMENTS_PROVIDER == "none"
    with pytest.raises(OnlinePaymentsOff):
        start_checkout(quote_id=accepted.pk, purpose="deposit")
    assert len(stripe_api.calls) == 0 and not CheckoutAttempt.objects.exists()


def test_an_issued_quote_is_not_paid_online(stripe_on, stripe_api, world):
    with pytest.raises(NothingToPay, match="accepted"):
        start_checkout(quote_id=world["quote"].pk, purpose="deposit")


# --- The pages ---------------------------------------------------------------------------------------


def test_the_quote_page_offers_the_deposit_and_the_button_leads_to_stripe(client, stripe_on, stripe_api, accepted):
    token = make_quote_token(accepted)
    page = client.get(reverse("quotes:client_quote", args=[token])).content.decode()
    assert "Pay the deposit (£220.00)" in page and "Pay the balance (£1,100.00)" in page
    stripe_api.post(SESSIONS, json=session_json())
    response = client.post(reverse("payments_stripe:pay", args=[token]), {"purpose": "deposit"})
    assert response.status_code == 303 and response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_1"
    # GET on the button's address: back to the quote
    assert client.get(reverse("payments_stripe:pay", args=[token]))["Location"] == f"/q/{token}/"


def test_without_a_provider_there_is_no_button_and_a_post_explains(client, stripe_api, accepted):
    token = make_quote_token(accepted)
    assert "Pay online" not in client.get(reverse("quotes:client_quote", args=[token])).content.decode()
    response = client.post(reverse("payments_stripe:pay", args=[token]), {"purpose": "deposit"})
    assert response.status_code == 409 and "please pay at the clinic" in response.content.decode()


@pytest.mark.parametrize("purpose", ["", "everything", "deposit"])
def test_bad_or_paid_purposes_get_a_message_not_a_500(client, stripe_on, stripe_api, accepted, purpose):
    record_payment(quote_id=accepted.pk, amount=Decimal("220.00"), method="cash", kind="deposit")
    response = client.post(reverse("payments_stripe:pay", args=[make_quote_token(accepted)]), {"purpose": purpose})
    assert response.status_code == 409
    assert "deposit is already paid" in response.content.decode() or "Choose" in response.content.decode()
    assert len(stripe_api.calls) == 0


def test_stripe_down_is_a_message_on_the_page(client, stripe_on, stripe_api, accepted):
    stripe_api.post(SESSIONS, body=requests.exceptions.Timeout("slow"))
    response = client.post(reverse("payments_stripe:pay", args=[make_quote_token(accepted)]), {"purpose": "deposit"})
    assert response.status_code == 409 and "could not reach the card payment service" in response.content.decode()


def test_a_forged_token_is_404(client, stripe_on, accepted):
    assert client.post(reverse("payments_stripe:pay", args=["nope"]), {"purpose": "deposit"}).status_code == 404
    assert client.get(reverse("payments_stripe:returned", args=["nope"])).status_code == 404


def test_the_return_page_waits_for_the_webhook(client, stripe_on, stripe_api, accepted):
    stripe_api.post(SESSIONS, json=session_json())
    attempt = start_checkout(quote_id=accepted.pk, purpose="deposit")
    url = reverse("payments_stripe:returned", args=[make_quote_token(accepted)]) + f"?attempt={attempt.key}"
    page = client.get(url).content.decode()
    # The browser's return proves nothing: until the signed webhook records it, "confirming", and a refresh.
    assert "confirming your payment" in page and "js/payment-status.js" in page and "data-waiting" in page
    assert LedgerEntry.objects.count() == 0
    post(client, completed(accepted, pence=22000, intent="pi_1", attempt=attempt))
    page = client.get(url).content.decode()
    assert "Payment received" in page and "£220.00" in page and "payment-status.js" not in page
    attempt.refresh_from_db()
    assert (attempt.status, attempt.payment_intent) == ("paid", "pi_1")
    # And the quote page no longer asks for the deposit.
    quote_page = client.get(reverse("quotes:client_quote", args=[make_quote_token(accepted)])).content.decode()
    assert "Pay the deposit" not in quote_page and "Pay the balance (£880.00)" in quote_page


def test_the_return_page_of_another_quotes_attempt_is_404(client, stripe_on, stripe_api, accepted):
    stripe_api.post(SESSIONS, json=session_json())
    attempt = start_checkout(quote_id=accepted.pk, purpose="deposit")
    token = make_quote_token(IssuedQuoteFactory(client=ClientFactory(), treatment_type="crown"))
    other = reverse("payments_stripe:returned", args=[token])
    assert client.get(other + f"?attempt={attempt.key}").status_code == 404
    assert client.get(other + "?attempt=garbage").status_code == 404
    assert client.get(other)["Location"] == reverse("quotes:client_quote", args=[token])  # nothing started


def test_an_expired_page_says_so(client, stripe_on, stripe_api, accepted):
    from tests.payments.stripe_support import event

    stripe_api.post(SESSIONS, json=session_json())
    attempt = start_checkout(quote_id=accepted.pk, purpose="deposit")
    post(client, event("checkout.session.expired", {"id": "cs_test_1", "object": "checkout.session"}))
    attempt.refresh_from_db()
    assert attempt.status == "expired"
    page = client.get(reverse("payments_stripe:returned", args=[make_quote_token(accepted)])).content.decode()
    assert "expired and nothing was charged" in page


def test_the_portal_offers_the_deposit_then_the_balance(client, stripe_on, accepted):
    owner = user_with(roles.CLIENT, email=accepted.client.email)
    accepted.client.user = owner
    accepted.client.save()
    client.force_login(owner)
    page = client.get(reverse("portal:home")).content.decode()
    assert f"Pay the deposit of quote {accepted.number} online" in page and "Deposit due £220.00" in page
    record_payment(quote_id=accepted.pk, amount=Decimal("220.00"), method="cash", kind="deposit")
    page = client.get(reverse("portal:home")).content.decode()
    assert "Pay the deposit" not in page and f"Pay the balance of quote {accepted.number} online" in page


def test_the_portal_has_no_button_without_a_provider(client, accepted):
    owner = user_with(roles.CLIENT, email=accepted.client.email)
    accepted.client.user = owner
    accepted.client.save()
    client.force_login(owner)
    assert "online" not in client.get(reverse("portal:home")).content.decode().split('id="quotes"')[1].split("</ul>")[0]
