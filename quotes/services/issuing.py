"""Issuing: a gapless yearly number taken under a row lock, the PDF rendered and stored once.

The year's counter row serialises every issue of that year, so the PDF (about 150 ms) is rendered
before its lock is taken, for the number the quote is expected to get; in the rare case another issue
takes that number first, it is rendered again. The file is written once the issue has committed, so
a rolled-back issue leaves no file behind.
"""

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.clock import local_today
from clinic.files import store_on_commit

from ..messages import queue_quote_email, sync_quote_reminder
from ..models import Quote, QuoteCounter
from .drafts import QuoteError
from .pdf import render_quote_pdf

log = logging.getLogger(__name__)


def _expected_number(year: int) -> int:
    """The number the next issue of `year` would get, read without the lock."""
    last = QuoteCounter.objects.filter(year=year).values_list("last", flat=True).first()
    return (last or 0) + 1


def _next_number(year: int) -> int:
    """Lock the year's counter row (created once) and take the next number; a rollback gives it back."""
    QuoteCounter.objects.get_or_create(year=year)
    counter = QuoteCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _number(quote: Quote, sequence: int) -> None:
    quote.sequence = sequence
    quote.number = f"Q-{quote.year}-{sequence:04d}"


@transaction.atomic
def issue_quote(*, quote_id: int, by=None, now: datetime | None = None) -> Quote:
    """Draft → issued: numbered (Q-2026-0001), dated, valid for QUOTE_VALID_DAYS, PDF stored; then immutable."""
    now = now or timezone.now()
    quote = Quote.objects.select_for_update().select_related("client").get(pk=quote_id)
    if quote.status != Quote.Status.DRAFT:
        raise QuoteError(f"Quote {quote} is already {quote.get_status_display().lower()}.")
    if not quote.lines.exists():
        raise QuoteError("This draft has no price yet.")
    today = local_today(now=now)
    quote.year = today.year
    quote.status = Quote.Status.ISSUED
    quote.issued_at, quote.issued_by = now, by
    quote.valid_until = today + timedelta(days=settings.QUOTE_VALID_DAYS)
    expected = _expected_number(quote.year)
    _number(quote, expected)
    pdf = render_quote_pdf(quote)
    sequence = _next_number(quote.year)  # the lock is held from here to the commit
    if sequence != expected:  # another issue was quicker: this one's PDF must show its own number
        _number(quote, sequence)
        pdf = render_quote_pdf(quote)
    quote.pdf.name = quote.pdf.field.generate_filename(quote, f"{quote.number}.pdf")
    quote.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    quote.full_clean()
    quote.save()
    # Registered before the e-mail's hand-over, so the file is there when the e-mail is built.
    store_on_commit(quote.pdf, pdf)
    sync_quote_reminder(quote=quote, now=now)
    if quote.supersedes_id:  # a revision replaces the version it was made from
        old = Quote.objects.select_for_update().get(pk=quote.supersedes_id)
        if old.status == Quote.Status.ISSUED:
            old.status = Quote.Status.SUPERSEDED
            old.save(update_fields=["status"])  # through the model: the audit trail records it
        sync_quote_reminder(quote=old, now=now)
    queue_quote_email(quote=quote, now=now)
    return quote
