"""Receipts and statements as PDFs, by the clinic's renderer (clinic/pdf), in the quote PDF's style."""

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.clock import to_clinic_time
from clinic.pdf import clinic_letterhead, render_html_to_pdf

from ..models import Receipt
from ..selectors.statement import Statement, balance_after, describe_entry


def receipt_html(receipt: Receipt) -> str:
    entry = receipt.entry
    refunded = entry.refunds.receipt.number if entry.refunds_id and hasattr(entry.refunds, "receipt") else ""
    context = {
        "receipt": receipt,
        "entry": entry,
        "quote": entry.quote,
        "what": describe_entry(entry, refunded),
        "recorded_at": to_clinic_time(entry.recorded_at),
        "balance_after": balance_after(entry),
        "clinic": clinic_letterhead(),
        "vat_registered": settings.VAT_REGISTERED,
    }
    return render_to_string("payments/pdf/receipt.html", context)


def render_receipt_pdf(receipt: Receipt) -> bytes:
    return render_html_to_pdf(receipt_html(receipt))


def statement_html(statement: Statement, *, now: datetime | None = None) -> str:
    context = {
        "statement": statement,
        "quote": statement.quote,
        "lines": [(line, to_clinic_time(line.entry.recorded_at)) for line in statement.lines],
        "printed_at": to_clinic_time(now or timezone.now()),
        "clinic": clinic_letterhead(),
        "vat_registered": settings.VAT_REGISTERED,
    }
    return render_to_string("payments/pdf/statement.html", context)


def render_statement_pdf(statement: Statement, *, now: datetime | None = None) -> bytes:
    return render_html_to_pdf(statement_html(statement, now=now))
