"""What quotes send through the outbox: the issued quote with its PDF, and "about to expire".

`sync_quote_reminder` runs in the transaction of every change of a quote's state; `queue_quote_email`
in the one that issues it. `register_kinds` is called from `QuotesConfig.ready()`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.links import absolute_url
from clinic.money import format_gbp
from outbox import kinds
from outbox.content import Content, standard_email
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, converge, open_rows, queue_now
from outbox.timing import morning_of

from .models import Quote
from .tokens import make_quote_token


class QuoteMessage(models.TextChoices):
    ISSUED = "quote_issued", "Quote issued"
    EXPIRING = "quote_expiring", "Quote about to expire"


def quote_url(quote: Quote) -> str:
    return absolute_url("quotes:client_quote", make_quote_token(quote))


def sync_quote_reminder(*, quote: Quote, now: datetime | None = None) -> None:
    """An issued quote gets one "about to expire" e-mail some days before it lapses; any other state none."""
    now = now or timezone.now()
    current = open_rows(quote, kinds_=[QuoteMessage.EXPIRING])
    wanted = []
    if quote.status == Quote.Status.ISSUED and quote.valid_until:
        due = morning_of(quote.valid_until - timedelta(days=settings.QUOTE_EXPIRY_REMINDER_DAYS))
        expires = max(due, morning_of(quote.valid_until))
        wanted.append(Wanted(QuoteMessage.EXPIRING, Channel.EMAIL, due, expires, quote.pk, "q"))
    converge(current=current, wanted=wanted, client_id=quote.client_id, now=now, note=f"quote {quote.status}")


def queue_quote_email(*, quote: Quote, now: datetime | None = None) -> Reminder:
    """The issued quote and its PDF, due now; retried by the outbox until the quote lapses."""
    now = now or timezone.now()
    expires = max(now, morning_of(quote.valid_until + timedelta(days=1)))
    wanted = Wanted(QuoteMessage.ISSUED, Channel.EMAIL, now, expires, quote.pk, "q", version=f"v{quote.version}")
    return queue_now(wanted=wanted, client_id=quote.client_id, now=now)


def build_quote_email(reminder) -> EmailMultiAlternatives:
    quote = reminder.subject
    context = {
        "quote": quote,
        "url": quote_url(quote),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    message = EmailMultiAlternatives(
        subject=f"Your SMP quote {quote.number} – {settings.CLINIC_NAME}",
        body=render_to_string("quotes/email/quote.txt", context),
        to=[quote.client.email],
        reply_to=[settings.CLINIC_EMAIL],
    )
    message.attach_alternative(render_to_string("quotes/email/quote.html", context), "text/html")
    quote.pdf.open("rb")
    try:
        message.attach(f"{quote.number}.pdf", quote.pdf.read(), "application/pdf")
    finally:
        quote.pdf.close()
    return message


def _expiring(reminder) -> Content:
    q = reminder.subject
    lines = [
        f"Your quote {q.number} for {format_gbp(q.total)} is valid until {q.valid_until:%-d %B %Y}.",
        "If you would like to go ahead, you can accept it online before then; questions are welcome.",
    ]
    return Content(f"Your quote {q.number} expires soon", lines, quote_url(q), "View my quote")


def _expiring_skip(reminder, now: datetime) -> str:
    quote = reminder.subject
    return "" if quote.status == Quote.Status.ISSUED else f"quote {quote.get_status_display().lower()}"


def _describe(reminders) -> dict[int, str]:
    """{row id: "Quote Q-2026-0004 expiring 12 Dec"} for the staff reminders page: one query."""
    quotes = Quote.objects.only("number", "valid_until").in_bulk({r.subject_id for r in reminders})
    about = {}
    for reminder in reminders:
        if (quote := quotes.get(reminder.subject_id)) is None:
            continue
        name = f"Quote {quote.number or f'#{quote.pk} (draft)'}"
        expiring = reminder.kind == QuoteMessage.EXPIRING and quote.valid_until
        about[reminder.pk] = f"{name} expiring {quote.valid_until:%a %-d %b}" if expiring else name
    return about


def register_kinds() -> None:
    issued, expiring = QuoteMessage.ISSUED, QuoteMessage.EXPIRING
    kinds.register(
        kinds.MessageKind(
            issued.value, issued.label, Quote, build_quote_email, related=("client",), describe=_describe
        ),
        kinds.MessageKind(
            expiring.value,
            expiring.label,
            Quote,
            lambda r: standard_email(r, _expiring(r)),
            skip_reason=_expiring_skip,
            transactional=False,
            describe=_describe,
        ),
    )
