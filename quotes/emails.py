from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Quote
from .tokens import make_quote_token


def quote_url(quote: Quote) -> str:
    return settings.SITE_URL + reverse("quotes:client_quote", args=[make_quote_token(quote)])


def build_quote_email(quote: Quote) -> EmailMultiAlternatives:
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
