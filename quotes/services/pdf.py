"""The quote PDF: an HTML template rendered by WeasyPrint (A4, fonts embedded, numbered pages)."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from ..models import Quote


def quote_html(quote: Quote) -> str:
    context = {
        "quote": quote,
        "lines": list(quote.lines.all()),
        "clinic": {
            "name": settings.CLINIC_NAME,
            "address": settings.CLINIC_ADDRESS,
            "phone": settings.CLINIC_PHONE,
            "email": settings.CLINIC_EMAIL,
            "vat_number": settings.VAT_NUMBER,
        },
        "vat_registered": settings.VAT_REGISTERED,
    }
    return render_to_string("quotes/pdf/quote.html", context)


def render_html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_quote_pdf(quote: Quote) -> bytes:
    return render_html_to_pdf(quote_html(quote))
