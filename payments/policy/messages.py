"""The policy's e-mails: the deposit request after acceptance and "session 1 confirmed" once it is paid.

A released hold needs no e-mail of its own: bookings' "session cancelled" e-mail carries why (words.py).
Both are outbox rows written in the transaction that causes them; `register_kinds` runs in
`PaymentsConfig.ready()`.
"""

from datetime import datetime, timedelta

from django.db import models

from bookings.models import Appointment
from clinic.links import absolute_url
from clinic.money import format_gbp
from outbox import kinds
from outbox.content import Content, standard_email, when
from outbox.models import Channel
from outbox.services.rows import Wanted, queue_now
from quotes.models import Quote
from quotes.tokens import make_quote_token

from . import words


class PolicyMessage(models.TextChoices):
    DEPOSIT_REQUEST = "deposit_request", "Deposit request (after acceptance)"
    HOLD_CONFIRMED = "deposit_hold_confirmed", "Session 1 confirmed (deposit paid)"


def queue_deposit_request(*, quote: Quote, now: datetime) -> None:
    if quote.deposit <= 0:
        return
    wanted = Wanted(PolicyMessage.DEPOSIT_REQUEST, Channel.EMAIL, now, now + timedelta(days=7), quote.pk, "q")
    queue_now(wanted=wanted, client_id=quote.client_id, now=now)


def queue_hold_confirmed(*, hold, now: datetime) -> None:
    appointment = hold.appointment
    expires = max(appointment.start, now + timedelta(hours=1))
    wanted = Wanted(PolicyMessage.HOLD_CONFIRMED, Channel.EMAIL, now, expires, appointment.pk, "a")
    queue_now(wanted=wanted, client_id=appointment.client_id, now=now)


def _deposit_request(reminder) -> Content:
    quote = reminder.subject
    lines = [
        f"Thank you for accepting quote {quote.number}. A deposit of {format_gbp(quote.deposit)} secures your "
        "first session; it is deducted from your treatment's total.",
        *words.how_to_pay(quote),
        words.cancellation_sentence(),
        words.postponement_sentence(),
    ]
    link = words.online_pay_url(quote) or absolute_url("quotes:client_quote", make_quote_token(quote))
    label = "Pay the deposit online" if words.online_pay_url(quote) else "View your quote"
    return Content(f"Your deposit for quote {quote.number}", lines, link, label)


def _hold_confirmed(reminder) -> Content:
    appointment = reminder.subject
    lines = [
        "Thank you: we have received your deposit, so your first SMP session is confirmed.",
        "We look forward to seeing you. Please come with a clean, dry scalp and allow the full time.",
    ]
    details = [("When", f"{when(appointment.start)} (UK time)"), ("With", appointment.artist.display_name)]
    return Content("Your SMP session 1 is confirmed", lines, absolute_url("portal:home"), "See my sessions", details)


def register_kinds() -> None:
    kinds.register(
        kinds.MessageKind(
            PolicyMessage.DEPOSIT_REQUEST.value,
            PolicyMessage.DEPOSIT_REQUEST.label,
            Quote,
            lambda r: standard_email(r, _deposit_request(r)),
            related=("client",),
        ),
        kinds.MessageKind(
            PolicyMessage.HOLD_CONFIRMED.value,
            PolicyMessage.HOLD_CONFIRMED.label,
            Appointment,
            lambda r: standard_email(r, _hold_confirmed(r)),
            skip_reason=lambda r, now: "" if r.subject.status == Appointment.Status.BOOKED else "session cancelled",
            related=("client", "artist"),
        ),
    )
