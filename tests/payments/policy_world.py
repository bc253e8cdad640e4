"""Fixtures for the policy tests: an accepted quote, its plan and session 1, built through the services.

Imported by name into each tests/payments/test_policy_*.py (pytest finds fixtures in a module's namespace).
"""

from decimal import Decimal

import pytest
from django.core import mail

from bookings.models import BookingPolicy
from bookings.services import schedule_session
from payments.policy.models import PaymentPolicy
from payments.services.ledger import record_payment
from quotes.services import accept_quote
from tests.helpers import london
from tests.quotes.factories import IssuedQuoteFactory


def set_policy(**fields) -> PaymentPolicy:
    policy = PaymentPolicy.load()
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def pay_deposit(quote, *, method="card_desk", amount=None, **kwargs):
    return record_payment(
        quote_id=quote.pk, amount=amount or quote.deposit, method=method, kind="deposit", **kwargs
    ).entry


def accepted_quote(client):
    quote = IssuedQuoteFactory(client=client, treatment_type="crown")
    accept_quote(quote_id=quote.pk, typed_name=client.full_name)
    quote.refresh_from_db()
    return quote


@pytest.fixture
def notice_48(policy) -> BookingPolicy:
    """The clinic's default change notice (the shared `policy` fixture sets 24 h)."""
    policy.change_notice_hours = 48
    policy.save()
    return policy


@pytest.fixture
def treatment(frozen, artist, eligible_client, notice_48):
    """Mon 30 Nov 08:00: an accepted crown quote, its plan, session 1 on Thu 3 Dec 10:00 (74 h ahead)."""
    quote = accepted_quote(eligible_client)
    session = schedule_session(plan_id=quote.plan_id, number=1, start=london(2026, 12, 3, 10, 0)).appointment
    mail.outbox.clear()
    return {"quote": quote, "session": session, "client": eligible_client, "artist": artist}


def money(value: str) -> Decimal:
    return Decimal(value)
