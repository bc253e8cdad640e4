"""The e-mails an answer to a quote sends: to the client (what happens next) and to the clinic's inbox.

Both are queued in the transaction that records the answer. The clinic's notice is a row about the client
(it is the client's quote), addressed by its kind to `CLINIC_EMAIL`, so it is delivered, retried and listed like
every other message.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string

from clinic.clock import to_clinic_time
from clinic.links import absolute_url
from clinic.money import format_gbp
from outbox import kinds
from outbox.content import Content, clinic_context, standard_email
from outbox.models import Channel
from outbox.services.rows import Wanted, queue_now

from .models import Quote
from .tokens import make_quote_token


class AnswerMessage(models.TextChoices):
    ACCEPTED = "quote_accepted", "Quote accepted (to the client)"
    DECLINED = "quote_declined", "Quote declined (to the client)"
    TEAM_NOTICE = "quote_answered_team", "Quote answered (to the clinic)"


def queue_answer_emails(*, quote: Quote, now: datetime) -> None:
    """One e-mail to the client and one to the clinic for the answer `quote.status` records."""
    own = AnswerMessage.ACCEPTED if quote.status == Quote.Status.ACCEPTED else AnswerMessage.DECLINED
    expires = now + timedelta(days=7)  # worth sending late, not a week late
    for kind in (own, AnswerMessage.TEAM_NOTICE):
        wanted = Wanted(kind, Channel.EMAIL, now, expires, quote.pk, "q", version=quote.status)
        queue_now(wanted=wanted, client_id=quote.client_id, now=now)


def _what(quote: Quote) -> str:
    return f"quote {quote.number} for {quote.get_treatment_type_display().lower()} SMP ({format_gbp(quote.total)})"


def _client_content(reminder) -> Content:
    quote = reminder.subject
    link = absolute_url("quotes:client_quote", make_quote_token(quote))
    if quote.status == Quote.Status.ACCEPTED:
        lines = [
            f"Thank you: you accepted {_what(quote)} on {to_clinic_time(quote.accepted_at):%-d %B %Y}.",
            f"What happens next: we'll contact you to arrange the dates of your {quote.session_count} sessions, "
            f"spaced as your treatment needs, and the deposit of {format_gbp(quote.deposit)} that secures the first.",
            f"Questions before then? Reply to this e-mail or call us on {settings.CLINIC_PHONE}.",
        ]
        return Content(f"Quote {quote.number} accepted – thank you", lines, link, "View your quote")
    lines = [
        f"Thank you for letting us know that you declined {_what(quote)}.",
        "If you change your mind or would like us to look at a different plan, reply to this e-mail or call us "
        f"on {settings.CLINIC_PHONE} and we'll prepare a new quote.",
    ]
    return Content(f"Quote {quote.number} declined", lines, link, "View the quote")


def _team_email(reminder) -> EmailMultiAlternatives:
    quote = reminder.subject
    answer = "accepted" if quote.status == Quote.Status.ACCEPTED else "declined"
    context = {
        "quote": quote,
        "answer": answer,
        "quote_url": absolute_url("quotes:detail", quote.pk),
        "plan_url": quote.plan_id and absolute_url("bookings:plan", quote.plan_id),
        "clinic_email": settings.CLINIC_EMAIL,
    } | clinic_context()
    return EmailMultiAlternatives(
        subject=f"Quote {quote.number} {answer} by {quote.client.full_name}",
        body=render_to_string("quotes/email/answered_team.txt", context),
        to=[settings.CLINIC_EMAIL],
    )


def register_answer_kinds() -> None:
    for kind in (AnswerMessage.ACCEPTED, AnswerMessage.DECLINED):
        kinds.register(
            kinds.MessageKind(
                kind.value, kind.label, Quote, lambda r: standard_email(r, _client_content(r)), related=("client",)
            )
        )
    kinds.register(
        kinds.MessageKind(
            AnswerMessage.TEAM_NOTICE.value, AnswerMessage.TEAM_NOTICE.label, Quote, _team_email, related=("client",)
        )
    )
