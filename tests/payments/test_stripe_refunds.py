"""Staff refunds of an online payment: through Stripe's API (recorded answers), recorded once, whatever races."""

import threading
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import requests
from django.db import connection

from payments.errors import AmountNotValid, RefundTooLarge
from payments.models import LedgerEntry
from payments.services.ledger import record_payment
from payments.stripe.errors import NotAnOnlinePayment, OnlinePaymentsOff, StripeUnavailable
from payments.stripe.refunds import refund_online
from tests.helpers import user_with
from tests.payments.stripe_support import API, completed, post, refund_object, refunded, stripe_error

pytestmark = pytest.mark.django_db
REFUNDS = f"{API}/refunds"


@pytest.fixture
def paid(client, stripe_on, accepted):
    """The deposit paid online (recorded from the webhook)."""
    post(client, completed(accepted, pence=22000, intent="pi_dep"))
    return LedgerEntry.objects.get(reference="pi_dep")


@pytest.fixture
def reception(db):
    from clinic.users import roles

    return user_with(roles.STAFF)


def refunds_of(payment) -> list[tuple[Decimal, str]]:
    return list(LedgerEntry.objects.filter(refunds=payment).order_by("pk").values_list("amount", "reference"))


def test_a_staff_refund_goes_through_stripe_and_is_recorded_with_its_id(stripe_api, paid, reception):
    stripe_api.post(REFUNDS, json=refund_object("re_staff", 5000, intent="pi_dep"))
    recorded = refund_online(payment_id=paid.pk, amount=Decimal("50.00"), by=reception)
    assert recorded.created and recorded.entry.recorded_by == reception
    assert refunds_of(paid) == [(Decimal("50.00"), "re_staff")]
    (call,) = stripe_api.calls
    body = {k: v[0] for k, v in parse_qs(call.request.body).items()}
    assert body["payment_intent"] == "pi_dep" and body["amount"] == "5000"
    assert call.request.headers["Idempotency-Key"] == f"refund-{paid.pk}-0-5000"


def test_the_webhook_for_a_staff_refund_records_nothing_twice(client, stripe_api, paid, reception):
    stripe_api.post(REFUNDS, json=refund_object("re_staff", 5000, intent="pi_dep"))
    refund_online(payment_id=paid.pk, amount=Decimal("50.00"), by=reception)
    response = post(client, refunded(intent="pi_dep", refunds=[("re_staff", 5000)]))
    assert response.status_code == 200 and "re_staff already recorded" in response.json()["outcome"]
    assert refunds_of(paid) == [(Decimal("50.00"), "re_staff")]


def test_a_second_refund_of_the_same_amount_is_a_new_refund(stripe_api, paid, reception):
    stripe_api.post(REFUNDS, json=refund_object("re_1", 5000, intent="pi_dep"))
    refund_online(payment_id=paid.pk, amount=Decimal("50.00"), by=reception)
    stripe_api.replace("POST", REFUNDS, json=refund_object("re_2", 5000, intent="pi_dep"))
    refund_online(payment_id=paid.pk, amount=Decimal("50.00"), by=reception)
    assert [r for _, r in refunds_of(paid)] == ["re_1", "re_2"]
    assert stripe_api.calls[1].request.headers["Idempotency-Key"] == f"refund-{paid.pk}-1-5000"


def test_a_form_key_is_passed_to_stripe_and_the_ledger(stripe_api, paid, reception):
    stripe_api.post(REFUNDS, json=refund_object("re_form", 1000, intent="pi_dep"))
    first = refund_online(payment_id=paid.pk, amount=Decimal("10.00"), by=reception, idempotency_key="form-123")
    again = refund_online(payment_id=paid.pk, amount=Decimal("10.00"), by=reception, idempotency_key="form-123")
    assert first.created and not again.created and again.entry.pk == first.entry.pk
    assert stripe_api.calls[0].request.headers["Idempotency-Key"] == "form-123"
    assert len(refunds_of(paid)) == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": 429, "json": {"error": {"type": "rate_limit_error", "message": "Too many"}}}, "busy"),
        ({"body": requests.exceptions.Timeout("read timed out")}, "could not reach"),
        ({"body": requests.exceptions.ConnectionError("reset")}, "could not reach"),
        ({"status": 401, "json": {"error": {"type": "invalid_request_error", "message": "bad key"}}}, "not set up"),
        (stripe_error(400, "charge_already_refunded", "Charge already refunded."), "Charge already refunded."),
        (stripe_error(402, "card_declined", "The card was declined.", kind="card_error"), "declined"),
    ],
    ids=["429", "timeout", "connection", "401", "400", "402"],
)
def test_stripe_errors_record_nothing_and_the_retry_is_the_same_refund(stripe_api, paid, reception, answer, message):
    stripe_api.post(REFUNDS, **answer)
    with pytest.raises(StripeUnavailable, match=message):
        refund_online(payment_id=paid.pk, amount=Decimal("20.00"), by=reception)
    assert refunds_of(paid) == []
    stripe_api.replace("POST", REFUNDS, json=refund_object("re_ok", 2000, intent="pi_dep"))
    refund_online(payment_id=paid.pk, amount=Decimal("20.00"), by=reception)
    assert refunds_of(paid) == [(Decimal("20.00"), "re_ok")]
    assert {c.request.headers["Idempotency-Key"] for c in stripe_api.calls} == {f"refund-{paid.pk}-0-2000"}


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (Decimal("220.01"), RefundTooLarge),
        (Decimal("0"), AmountNotValid),
        (Decimal("-5"), AmountNotValid),
        (Decimal("1.005"), AmountNotValid),
    ],
)
def test_bad_amounts_never_reach_stripe(stripe_api, paid, reception, amount, error):
    with pytest.raises(error):
        refund_online(payment_id=paid.pk, amount=amount, by=reception)
    assert len(stripe_api.calls) == 0 and refunds_of(paid) == []


def test_only_online_card_payments_are_refunded_through_stripe(stripe_api, stripe_on, accepted, reception):
    cash = record_payment(quote_id=accepted.pk, amount=Decimal("100"), method="cash", kind="deposit").entry
    with pytest.raises(NotAnOnlinePayment):
        refund_online(payment_id=cash.pk, amount=Decimal("10"), by=reception)
    with pytest.raises(NotAnOnlinePayment):
        refund_online(payment_id=999999, amount=Decimal("10"), by=reception)
    assert len(stripe_api.calls) == 0


def test_a_full_refund_then_nothing_more(stripe_api, paid, reception):
    stripe_api.post(REFUNDS, json=refund_object("re_all", 22000, intent="pi_dep"))
    refund_online(payment_id=paid.pk, amount=Decimal("220.00"), by=reception)
    with pytest.raises(RefundTooLarge, match="refunded in full"):
        refund_online(payment_id=paid.pk, amount=Decimal("1.00"), by=reception)
    assert len(stripe_api.calls) == 1


# --- Races on the real PostgreSQL: each thread its own connection ------------------------------------


def run_at_once(*jobs):
    barrier = threading.Barrier(len(jobs), timeout=30)
    results, errors = [None] * len(jobs), []

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as error:  # collected and asserted by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_the_webhook_racing_a_staff_refund_records_one_entry(stripe_on, frozen, artist, eligible_client, consultation):
    """Reception refunds £50 through the API while Stripe's `charge.refunded` for that refund arrives."""
    from django.test import Client

    from clinic.users import roles
    from quotes.services import accept_quote
    from tests.quotes.factories import IssuedQuoteFactory

    quote = IssuedQuoteFactory(client=eligible_client, treatment_type="crown")
    accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh")
    post(Client(), completed(quote, pence=22000, intent="pi_race"))
    payment = LedgerEntry.objects.get(reference="pi_race")
    reception = user_with(roles.STAFF)
    for _ in range(3):  # three rounds: either may come first
        n = LedgerEntry.objects.filter(refunds=payment).count()
        refund_id = f"re_race_{n}"
        with requests_answering(refund_object(refund_id, 1000, intent="pi_race")):
            results, errors = run_at_once(
                lambda: refund_online(payment_id=payment.pk, amount=Decimal("10.00"), by=reception),
                lambda n=n: post(
                    Client(), refunded(intent="pi_race", refunds=[(f"re_race_{i}", 1000) for i in range(n + 1)])
                ),
            )
        assert errors == []
        assert results[1].status_code == 200
        assert LedgerEntry.objects.filter(reference=refund_id).count() == 1
    assert [r for _, r in refunds_of(payment)] == ["re_race_0", "re_race_1", "re_race_2"]
    assert sum(a for a, _ in refunds_of(payment)) == Decimal("30.00")


def requests_answering(refund: dict):
    """Stripe's answer to the refund, in every thread (responses patches requests process-wide)."""
    import responses

    mock = responses.RequestsMock(assert_all_requests_are_fired=True)
    mock.post(REFUNDS, json=refund)
    return mock


def paid_online(quote_client, intent: str):
    from django.test import Client

    from quotes.services import accept_quote
    from tests.quotes.factories import IssuedQuoteFactory

    quote = IssuedQuoteFactory(client=quote_client, treatment_type="crown")
    accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh")
    post(Client(), completed(quote, pence=22000, intent=intent))
    return LedgerEntry.objects.get(reference=intent)


@pytest.mark.django_db(transaction=True)
def test_one_refund_form_sent_twice_at_once_refunds_once(stripe_on, frozen, artist, eligible_client, consultation):
    """A double click: the form's one-time key reaches Stripe once and the ledger once."""
    import json

    import responses

    from clinic.users import roles

    payment = paid_online(eligible_client, "pi_two")
    reception = user_with(roles.STAFF)
    keys = []

    def answer(request):
        keys.append(request.headers["Idempotency-Key"])
        return 200, {}, json.dumps(refund_object("re_same", 5000, intent="pi_two"))

    def refund():
        return refund_online(payment_id=payment.pk, amount=Decimal("50.00"), by=reception, idempotency_key="form-1")

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, REFUNDS, callback=answer)
        results, errors = run_at_once(refund, refund)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert keys == ["form-1"]  # the second waited for the first and found it: Stripe asked once
    assert refunds_of(payment) == [(Decimal("50.00"), "re_same")]


@pytest.mark.django_db(transaction=True)
def test_two_staff_refunding_more_than_is_left_at_once(stripe_on, frozen, artist, eligible_client, consultation):
    """£150 twice of a £220 deposit at the same moment: one is refunded, the other told, Stripe asked once."""
    import responses

    from clinic.users import roles

    payment = paid_online(eligible_client, "pi_over")
    one, two = user_with(roles.STAFF), user_with(roles.STAFF)
    with responses.RequestsMock() as mock:
        mock.post(REFUNDS, json=refund_object("re_150", 15000, intent="pi_over"))
        _, errors = run_at_once(
            lambda: refund_online(payment_id=payment.pk, amount=Decimal("150.00"), by=one, idempotency_key="a"),
            lambda: refund_online(payment_id=payment.pk, amount=Decimal("150.00"), by=two, idempotency_key="b"),
        )
        assert len(mock.calls) == 1
    assert [type(e) for e in errors] == [RefundTooLarge] and "£70.00" in errors[0].message
    assert refunds_of(payment) == [(Decimal("150.00"), "re_150")]


def test_the_provider_neutral_entry_point_refunds_through_stripe(stripe_api, paid):
    """payments.online.refund_online: what the desk refund form and the policy call for card_online payments."""
    from payments import online

    stripe_api.post(REFUNDS, json=refund_object("re_policy", 22000, intent="pi_dep"))
    recorded = online.refund_online(
        payment_id=paid.pk, amount=Decimal("220.00"), note="Postponed", idempotency_key="p1"
    )
    assert recorded.created and recorded.entry.reference == "re_policy" and recorded.entry.note == "Postponed"
    assert recorded.entry.recorded_by is None


def test_with_online_payments_off_nothing_is_sent_to_stripe(stripe_api, paid, reception, settings):
    settings.PAYMENTS_PROVIDER = "none"
    with pytest.raises(OnlinePaymentsOff, match="turned off"):
        refund_online(payment_id=paid.pk, amount=Decimal("10.00"), by=reception)
    assert len(stripe_api.calls) == 0 and refunds_of(paid) == []


def test_the_deposit_link_for_emails_is_the_quote_pages_pay_section(stripe_on, accepted):
    from payments import online
    from quotes.tokens import make_quote_token

    assert online.deposit_url(accepted) == f"http://testserver/q/{make_quote_token(accepted)}/#pay-online"


def test_the_desk_refund_form_gives_an_online_payment_back_through_stripe(client, stripe_api, paid, reception):
    import uuid

    from django.urls import reverse

    stripe_api.post(REFUNDS, json=refund_object("re_desk", 2000, intent="pi_dep"))
    client.force_login(reception)
    form = {"amount": "20.00", "reference": "", "note": "Goodwill", "idempotency_key": str(uuid.uuid4())}
    response = client.post(reverse("payments:refund_new", args=[paid.pk]), form)
    assert response.status_code == 302
    assert refunds_of(paid) == [(Decimal("20.00"), "re_desk")]  # Stripe's refund id, from its answer
    assert client.post(reverse("payments:refund_new", args=[paid.pk]), form).status_code == 302  # sent twice
    assert len(stripe_api.calls) == 1 and len(refunds_of(paid)) == 1


def test_the_desk_refund_form_says_when_stripe_cannot_be_reached(client, stripe_api, paid, reception):
    import uuid

    from django.urls import reverse

    stripe_api.post(REFUNDS, body=requests.exceptions.ConnectTimeout())
    client.force_login(reception)
    form = {"amount": "20.00", "reference": "", "note": "", "idempotency_key": str(uuid.uuid4())}
    response = client.post(reverse("payments:refund_new", args=[paid.pk]), form)
    assert response.status_code == 422 and refunds_of(paid) == []
    assert "card payment service" in response.content.decode()  # and the form is there to try again
