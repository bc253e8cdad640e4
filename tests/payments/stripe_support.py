"""Stripe as the tests see it: webhook payloads signed like Stripe signs them, and recorded API answers.

The signature is built here by hand (t=…,v1=HMAC-SHA256(secret, f"{t}.{body}")) and checked by the real
`stripe.Webhook.construct_event` in the view. API calls are answered at the HTTP layer by `responses`.
"""

import hashlib
import hmac
import json
import time
import uuid

import pytest
import responses

from quotes.services import accept_quote
from tests.quotes.factories import IssuedQuoteFactory

SECRET = "whsec_test_0123456789abcdef"
API = "https://api.stripe.com/v1"
WEBHOOK = "/payments/stripe/webhook/"


@pytest.fixture
def stripe_on(settings):
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_clinic"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0  # each recorded answer is used once, as asked
    return settings


@pytest.fixture
def stripe_api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def accepted(frozen, artist, eligible_client):
    """Jamie Walsh's accepted crown quote (£1,100, deposit £220)."""
    quote = IssuedQuoteFactory(client=eligible_client, treatment_type="crown")
    return accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh")


def signature(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def event(kind: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "livemode": False,
        "type": kind,
        "data": {"object": obj},
    }


def completed(
    quote, *, pence: int, purpose: str = "deposit", intent: str = "pi_1", attempt=None, status: str = "paid", **extra
) -> dict:
    """A `checkout.session.completed` event for `quote`, as Stripe sends it for our Session."""
    session = {
        "id": f"cs_test_{uuid.uuid4().hex[:12]}" if attempt is None or not attempt.session_id else attempt.session_id,
        "object": "checkout.session",
        "amount_total": pence,
        "currency": "gbp",
        "mode": "payment",
        "payment_status": status,
        "status": "complete",
        "payment_intent": intent,
        "client_reference_id": str(quote.public_id),
        "metadata": {
            "quote_number": quote.number,
            "quote_public_id": str(quote.public_id),
            "purpose": purpose,
            "attempt": str(attempt.key) if attempt else "",
        },
    }
    return event("checkout.session.completed", session | extra.pop("session", {}), **extra)


def refunded(*, intent: str = "pi_1", refunds: list[tuple[str, int]], charge: str = "ch_1", **extra) -> dict:
    """A `charge.refunded` event naming its refunds ([(refund id, pence)])."""
    obj = {
        "id": charge,
        "object": "charge",
        "payment_intent": intent,
        "amount_refunded": sum(p for _, p in refunds),
        "refunded": False,
        "refunds": {
            "object": "list",
            "has_more": False,
            "data": [refund_object(rid, p, intent=intent, charge=charge) for rid, p in refunds],
        },
    }
    return event("charge.refunded", obj, **extra)


def refund_object(refund_id: str, pence: int, *, intent: str = "pi_1", charge: str = "ch_1", status="succeeded"):
    return {
        "id": refund_id,
        "object": "refund",
        "amount": pence,
        "currency": "gbp",
        "charge": charge,
        "payment_intent": intent,
        "status": status,
    }


def post(client, payload, *, secret: str = SECRET, timestamp: int | None = None, header: str | None = None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    sig = header if header is not None else signature(body, secret=secret, timestamp=timestamp)
    return client.post(WEBHOOK, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=sig)


def stripe_error(status: int, code: str, message: str, kind: str = "invalid_request_error") -> dict:
    return {"status": status, "json": {"error": {"type": kind, "code": code, "message": message}}}
