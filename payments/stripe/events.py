"""Webhook events, once each: stored by Stripe's id, processed in the storing transaction.

`receive_event` stores a verified event (or finds it stored) under a row lock, so a repeated or concurrent
delivery waits for the first and gets its answer. A refund that arrives before its payment is recorded
stays waiting (`processed_at` empty); recording the payment processes it (`process_waiting`).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from clinic.errors import DomainError

from .models import StripeEvent
from .recording import expire_checkout, record_charge_refunds, record_checkout

log = logging.getLogger(__name__)


class Waiting(Exception):
    """The event needs something that has not arrived yet; it is kept and processed later."""

    def __init__(self, outcome: str, payment_intent: str):
        super().__init__(outcome)
        self.outcome = outcome
        self.payment_intent = payment_intent


@dataclass(frozen=True)
class Answer:
    outcome: str
    repeated: bool = False  # the event had been received before: nothing was done this time


def checkout_completed(event: StripeEvent) -> str:
    return record_checkout(event_id=event.id, session=event.payload["data"]["object"], on_recorded=process_waiting)


def charge_refunded(event: StripeEvent) -> str:
    charge = event.payload["data"]["object"]
    recorded = record_charge_refunds(charge=charge)
    if recorded is None:
        raise Waiting("waiting for the payment to be recorded", charge.get("payment_intent") or "")
    return recorded


HANDLERS: dict[str, Callable[[StripeEvent], str]] = {
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": checkout_completed,
    "charge.refunded": charge_refunded,
    "checkout.session.expired": lambda event: expire_checkout(session=event.payload["data"]["object"]),
}


def process(event: StripeEvent) -> None:
    """Run the event's handler and note its outcome (under the caller's transaction and row lock)."""
    handler = HANDLERS.get(event.type)
    try:
        with transaction.atomic():  # a failed handler leaves nothing half-recorded
            event.outcome = handler(event) if handler else "ignored: not an event this clinic uses"
        event.processed_at = timezone.now()
    except Waiting as waiting:
        event.outcome, event.payment_intent = waiting.outcome, waiting.payment_intent
    except DomainError as error:  # refused by the ledger (e.g. over the balance): acknowledged, staff look
        log.error("Stripe event %s (%s) not recorded: %s", event.id, event.type, error.message)
        event.outcome, event.processed_at = f"not recorded: {error.message}", timezone.now()
    event.save(update_fields=["outcome", "processed_at", "payment_intent"])


def receive_event(*, payload: dict) -> Answer:
    """Store and process a verified event once; a repeat answers with the first outcome."""
    with transaction.atomic():
        event, created = StripeEvent.objects.get_or_create(
            id=payload["id"], defaults={"type": payload["type"], "payload": payload, "received_at": timezone.now()}
        )
        event = StripeEvent.objects.select_for_update().get(pk=event.pk)
        if not created and event.processed_at is not None:
            return Answer(event.outcome, repeated=True)
        process(event)
        return Answer(event.outcome, repeated=not created)


def process_waiting(*, payment_intent: str) -> None:
    """Process the events that waited for this payment (a refund that came before the checkout event)."""
    waiting = StripeEvent.objects.select_for_update().filter(payment_intent=payment_intent, processed_at=None)
    for event in waiting.order_by("received_at", "id"):
        process(event)
