"""The webhook: only Stripe's signature gets in; each event once; out-of-order refunds reconciled; never a 5xx."""

import json
import time
from decimal import Decimal

import pytest
from django.test import Client

from payments.models import LedgerEntry
from payments.stripe.models import StripeEvent
from tests.payments.stripe_support import API, WEBHOOK, completed, event, post, refund_object, refunded, signature

pytestmark = pytest.mark.django_db


def entries(quote):
    return list(LedgerEntry.objects.filter(quote=quote).order_by("pk").values_list("kind", "amount", "reference"))


def test_a_paid_checkout_records_the_deposit_once(client, stripe_on, accepted):
    payload = completed(accepted, pence=22000, intent="pi_deposit")
    first = post(client, payload)
    assert first.status_code == 200
    assert entries(accepted) == [("deposit", Decimal("220.00"), "pi_deposit")]
    entry = LedgerEntry.objects.get(reference="pi_deposit")
    assert (entry.method, entry.idempotency_key, entry.recorded_by) == ("card_online", payload["id"], None)
    # Stripe delivers it again (it does, at least once): nothing twice, the same answer.
    again = post(client, payload)
    assert (again.status_code, again.json()) == (200, first.json())
    assert len(entries(accepted)) == 1
    stored = StripeEvent.objects.get(pk=payload["id"])
    assert stored.type == "checkout.session.completed" and stored.processed_at and "recorded" in stored.outcome


def test_a_balance_checkout_is_a_payment(client, stripe_on, accepted):
    post(client, completed(accepted, pence=110000, purpose="balance", intent="pi_all"))
    assert entries(accepted) == [("payment", Decimal("1100.00"), "pi_all")]


def test_the_same_payment_in_two_events_is_recorded_once(client, stripe_on, accepted):
    post(client, completed(accepted, pence=22000, intent="pi_same"))
    second = completed(accepted, pence=22000, intent="pi_same")
    second["type"] = "checkout.session.async_payment_succeeded"
    assert post(client, second).status_code == 200
    assert len(entries(accepted)) == 1


@pytest.mark.parametrize(
    "how",
    ["missing", "forged", "other secret", "stale", "garbled header", "body changed"],
)
def test_without_a_good_signature_nothing_gets_in(client, stripe_on, accepted, how):
    payload = completed(accepted, pence=22000)
    body = json.dumps(payload).encode()
    header = {
        "missing": "",
        "forged": f"t={int(time.time())},v1={'0' * 64}",
        "other secret": signature(body, secret="whsec_someone_else"),
        "stale": signature(body, timestamp=int(time.time()) - 301),
        "garbled header": "not a signature",
        "body changed": signature(body.replace(b"22000", b"2200")),
    }[how]
    response = post(client, body, header=header)
    assert response.status_code == 400
    assert "signature" in response.json()["error"]
    assert entries(accepted) == [] and not StripeEvent.objects.exists()


def test_a_signature_within_the_tolerance_is_accepted(client, stripe_on, accepted):
    payload = completed(accepted, pence=22000)
    body = json.dumps(payload).encode()
    assert post(client, body, header=signature(body, timestamp=int(time.time()) - 250)).status_code == 200


def test_get_is_refused_and_csrf_does_not_stop_stripe(stripe_on, accepted):
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(WEBHOOK).status_code == 405
    assert post(strict, completed(accepted, pence=22000)).status_code == 200


def test_without_a_configured_secret_every_event_is_refused(client, stripe_on, accepted):
    stripe_on.STRIPE_WEBHOOK_SECRET = ""
    assert post(client, completed(accepted, pence=22000)).status_code == 400
    assert entries(accepted) == []


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"id": "evt_1"}', b'{"id": "evt_1", "type": "x", "data": []}', b"\xff\xfe"],
    ids=["not json", "a list", "no type", "data not an object", "not utf-8"],
)
def test_a_signed_but_malformed_body_is_400(client, stripe_on, body):
    response = post(client, body)
    assert response.status_code == 400 and response.json()["error"] == "malformed event"
    assert not StripeEvent.objects.exists()


def test_unknown_event_types_are_acknowledged_and_stored(client, stripe_on):
    payload = event("customer.created", {"id": "cus_1", "object": "customer"})
    response = post(client, payload)
    assert response.status_code == 200 and response.json()["outcome"].startswith("ignored")
    assert StripeEvent.objects.get(pk=payload["id"]).processed_at


@pytest.mark.parametrize(
    "metadata",
    [
        {"quote_public_id": "00000000-0000-4000-8000-000000000000", "quote_number": "Q-2026-9999"},
        {"quote_public_id": "not-a-uuid"},
        {},
        "wrong number",
    ],
    ids=["unknown id", "garbage id", "no metadata", "number does not match"],
)
def test_an_event_for_an_unknown_quote_is_acknowledged_and_records_nothing(client, stripe_on, accepted, metadata):
    payload = completed(accepted, pence=22000)
    if metadata == "wrong number":
        payload["data"]["object"]["metadata"]["quote_number"] = "Q-2026-9999"
    else:
        payload["data"]["object"]["metadata"] = metadata
    response = post(client, payload)
    assert response.status_code == 200 and response.json()["outcome"] == "unknown quote: nothing recorded"
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [{"payment_status": "unpaid"}, {"currency": "eur"}, {"payment_intent": None}],
    ids=["unpaid", "not GBP", "no payment intent"],
)
def test_a_checkout_that_is_not_a_gbp_card_payment_records_nothing(client, stripe_on, accepted, change):
    response = post(client, completed(accepted, pence=22000, session=change))
    assert response.status_code == 200 and "nothing recorded" in response.json()["outcome"]
    assert entries(accepted) == []


def test_a_payment_the_ledger_refuses_is_acknowledged_not_recorded(client, stripe_on, accepted):
    """More than the balance (two tabs paid): Stripe has the money, staff see the event's outcome and refund."""
    post(client, completed(accepted, pence=110000, purpose="balance", intent="pi_a"))
    response = post(client, completed(accepted, pence=110000, purpose="balance", intent="pi_b"))
    assert response.status_code == 200 and response.json()["outcome"].startswith("not recorded:")
    assert [r for _, _, r in entries(accepted)] == ["pi_a"]


def test_dashboard_refunds_are_recorded_once_each(client, stripe_on, accepted):
    post(client, completed(accepted, pence=22000, intent="pi_1"))
    first = refunded(intent="pi_1", refunds=[("re_1", 5000)])
    assert post(client, first).status_code == 200
    assert post(client, first).status_code == 200  # redelivered
    # A second refund of the same charge: its event lists both refunds; only the new one is recorded.
    assert post(client, refunded(intent="pi_1", refunds=[("re_1", 5000), ("re_2", 2000)])).status_code == 200
    assert entries(accepted) == [
        ("deposit", Decimal("220.00"), "pi_1"),
        ("refund", Decimal("50.00"), "re_1"),
        ("refund", Decimal("20.00"), "re_2"),
    ]
    refund = LedgerEntry.objects.get(reference="re_2")
    assert refund.refunds.reference == "pi_1"


def test_failed_refunds_are_not_recorded(client, stripe_on, accepted):
    post(client, completed(accepted, pence=22000, intent="pi_1"))
    payload = refunded(intent="pi_1", refunds=[("re_1", 5000)])
    payload["data"]["object"]["refunds"]["data"][0]["status"] = "failed"
    assert post(client, payload).status_code == 200
    assert len(entries(accepted)) == 1


def test_a_refund_before_its_payment_waits_and_is_reconciled(client, stripe_on, accepted):
    early = refunded(intent="pi_late", refunds=[("re_early", 2000)])
    response = post(client, early)
    assert response.status_code == 200 and response.json()["outcome"].startswith("waiting")
    assert entries(accepted) == []
    waiting = StripeEvent.objects.get(pk=early["id"])
    assert waiting.processed_at is None and waiting.payment_intent == "pi_late"
    # The checkout event arrives: the payment, then the refund that waited for it.
    post(client, completed(accepted, pence=22000, intent="pi_late"))
    assert entries(accepted) == [("deposit", Decimal("220.00"), "pi_late"), ("refund", Decimal("20.00"), "re_early")]
    waiting.refresh_from_db()
    assert waiting.processed_at and "re_early recorded" in waiting.outcome
    # Stripe retrying the early event now changes nothing.
    assert post(client, early).status_code == 200 and len(entries(accepted)) == 2


def test_refunds_not_in_the_event_are_asked_of_the_api(client, stripe_on, stripe_api, accepted):
    post(client, completed(accepted, pence=22000, intent="pi_1"))
    payload = refunded(intent="pi_1", refunds=[])
    del payload["data"]["object"]["refunds"]  # as Stripe sends charges since 2022-11-15
    stripe_api.get(
        f"{API}/refunds",
        json={"object": "list", "has_more": False, "url": "/v1/refunds", "data": [refund_object("re_api", 3000)]},
    )
    assert post(client, payload).status_code == 200
    assert entries(accepted)[-1] == ("refund", Decimal("30.00"), "re_api")
    assert "charge=ch_1" in stripe_api.calls[0].request.url


def test_when_the_api_cannot_list_the_refunds_stripe_is_asked_to_deliver_again(client, stripe_on, stripe_api, accepted):
    post(client, completed(accepted, pence=22000, intent="pi_1"))
    payload = refunded(intent="pi_1", refunds=[])
    del payload["data"]["object"]["refunds"]
    stripe_api.get(f"{API}/refunds", status=429, json={"error": {"type": "rate_limit_error", "message": "slow"}})
    response = post(client, payload)
    assert response.status_code == 409  # a 4xx, never a 5xx: Stripe delivers it again
    assert not StripeEvent.objects.filter(pk=payload["id"]).exists() and len(entries(accepted)) == 1
    stripe_api.replace(
        "GET", f"{API}/refunds", json={"object": "list", "has_more": False, "data": [refund_object("re_x", 1000)]}
    )
    assert post(client, payload).status_code == 200
    assert entries(accepted)[-1] == ("refund", Decimal("10.00"), "re_x")


def test_an_unexpected_failure_is_a_4xx_and_leaves_nothing_half_done(client, stripe_on, accepted, monkeypatch):
    from payments.stripe import events

    def broken(event):
        raise RuntimeError("boom")

    monkeypatch.setitem(events.HANDLERS, "checkout.session.completed", broken)
    payload = completed(accepted, pence=22000)
    response = post(client, payload)
    assert response.status_code == 400 and "deliver again" in response.json()["error"]
    assert not StripeEvent.objects.exists() and entries(accepted) == []


def test_limits_meant_for_people_do_not_refuse_stripe(client, stripe_on, settings):
    """Stripe sends bursts from a few addresses: no booking/login rate limit or lockout applies to the webhook."""
    settings.BOOKING_RATE_LIMIT = settings.LOGIN_RATE_LIMIT = "3/h"
    answers = {post(client, event("customer.updated", {"id": "cus_1"})).status_code for _ in range(12)}
    assert answers == {200}
    assert StripeEvent.objects.count() == 12


@pytest.mark.django_db(transaction=True)
def test_a_refund_event_racing_its_checkout_event_is_never_left_waiting(
    stripe_on, frozen, artist, eligible_client, consultation, monkeypatch
):
    """The worst interleaving: the refund looks for its payment while the checkout's transaction records it,
    and is stored as waiting only after that transaction looked for waiting events. They take turns instead."""
    import threading

    from django.db import connection

    from payments.stripe import recording
    from quotes.services import accept_quote
    from tests.quotes.factories import IssuedQuoteFactory

    quote = IssuedQuoteFactory(client=eligible_client, treatment_type="crown")
    accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh")
    recorded = threading.Event()
    mark_paid, save = recording.mark_attempt_paid, StripeEvent.save

    def slow_checkout(**kwargs):  # the payment is inserted, not yet committed: let the refund event in
        recorded.set()
        time.sleep(1.0)
        return mark_paid(**kwargs)

    def slow_waiting(self, *args, **kwargs):  # a refund found no payment: commit only after the checkout did
        waiting = self.processed_at is None and "update_fields" in kwargs  # (not get_or_create's insert)
        if threading.current_thread().name == "refund" and waiting:
            time.sleep(2.5)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(recording, "mark_attempt_paid", slow_checkout)
    monkeypatch.setattr(StripeEvent, "save", slow_waiting)
    answers = {}

    def deliver(name, payload, wait=None):
        try:
            if wait is not None:
                wait.wait(timeout=10)
            answers[name] = post(Client(), payload).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=deliver, name="checkout", args=("checkout", completed(quote, pence=22000, intent="pi_r"))
        ),
        threading.Thread(
            target=deliver, name="refund", args=("refund", refunded(intent="pi_r", refunds=[("re_r", 2000)]), recorded)
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == {"checkout": 200, "refund": 200}
    assert entries(quote) == [("deposit", Decimal("220.00"), "pi_r"), ("refund", Decimal("20.00"), "re_r")]
    assert not StripeEvent.objects.filter(processed_at=None).exists()
