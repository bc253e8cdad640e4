"""Issuing: a gapless yearly number taken under a row lock, the PDF rendered and stored once."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..messages import queue_quote_email, sync_quote_reminder
from ..models import Quote, QuoteCounter
from .drafts import QuoteError
from .pdf import render_quote_pdf


def _next_number(year: int) -> int:
    """Lock the year's counter row (created once) and take the next number; a rollback gives it back."""
    QuoteCounter.objects.get_or_create(year=year)
    counter = QuoteCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def issue_quote(*, quote_id: int, by=None, now: datetime | None = None) -> Quote:
    """Draft → issued: numbered (Q-2026-0001), dated, valid for QUOTE_VALID_DAYS, PDF stored; then immutable."""
    now = now or timezone.now()
    quote = Quote.objects.select_for_update().select_related("client").get(pk=quote_id)
    if quote.status != Quote.Status.DRAFT:
        raise QuoteError(f"Quote {quote} is already {quote.get_status_display().lower()}.")
    if not quote.lines.exists():
        raise QuoteError("This draft has no price yet.")
    today = timezone.localdate(now)
    quote.year = today.year
    quote.sequence = _next_number(today.year)
    quote.number = f"Q-{quote.year}-{quote.sequence:04d}"
    quote.status = Quote.Status.ISSUED
    quote.issued_at, quote.issued_by = now, by
    quote.valid_until = today + timedelta(days=settings.QUOTE_VALID_DAYS)
    pdf = render_quote_pdf(quote)
    quote.pdf.save(f"{quote.number}.pdf", ContentFile(pdf), save=False)
    quote.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    quote.full_clean()
    quote.save()
    sync_quote_reminder(quote=quote, now=now)
    if quote.supersedes_id:  # a revision replaces the version it was made from
        old = Quote.objects.select_for_update().get(pk=quote.supersedes_id)
        if old.status == Quote.Status.ISSUED:
            old.status = Quote.Status.SUPERSEDED
            old.save(update_fields=["status"])  # through the model: the audit trail records it
        sync_quote_reminder(quote=old, now=now)
    queue_quote_email(quote=quote, now=now)
    return quote
