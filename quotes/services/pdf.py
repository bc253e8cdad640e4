"""The quote PDF: an HTML template rendered by the clinic's PDF renderer (A4, fonts embedded, numbered pages)."""

from django.conf import settings
from django.template.loader import render_to_string

from clinic.pdf import clinic_letterhead, render_html_to_pdf

from ..models import Quote


def quote_html(quote: Quote) -> str:
    context = {
        "quote": quote,
        "lines": list(quote.lines.all()),
        "clinic": clinic_letterhead(),
        "vat_registered": settings.VAT_REGISTERED,
    }
    return render_to_string("quotes/pdf/quote.html", context)


def render_quote_pdf(quote: Quote) -> bytes:
    return render_html_to_pdf(quote_html(quote))
