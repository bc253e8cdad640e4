"""The signed consent PDF: the wording, what was agreed, the signature, who, when; rendered once."""

import base64

from django.conf import settings
from django.template.loader import render_to_string

from clinic.clock import to_clinic_time
from clinic.pdf import clinic_letterhead, render_html_to_pdf


def consent_html(consent, *, signature_png: bytes | None) -> str:
    signed = to_clinic_time(consent.signed_at)
    context = {
        "consent": consent,
        "client": consent.client,
        "consent_text": consent.consent_text,
        "version": consent.consent_text.version,
        "text_hash_prefix": consent.text_sha256[:12],
        "signed_local": f"{signed:%-d %B %Y, %H:%M} {signed.tzname()}",
        "signature_data_uri": (
            "data:image/png;base64," + base64.b64encode(signature_png).decode() if signature_png else ""
        ),
        "record_id_seen": settings.CONSENT_RECORD_ID_SEEN,
        "clinic": clinic_letterhead(),
    }
    return render_to_string("clients/pdf/consent.html", context)


def render_consent_pdf(consent, *, signature_png: bytes | None) -> bytes:
    return render_html_to_pdf(consent_html(consent, signature_png=signature_png))
