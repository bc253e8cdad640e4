"""Signing the consent: checked, stored with what was signed and how, the PDF rendered and stored once."""

import hashlib
import ipaddress
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.clock import to_clinic_time
from clinic.errors import DomainError
from clinic.files import store_on_commit
from clinic.text import typed_name_matches

from ..models import Client, ClientConsent, ConsentText
from .pdf import render_consent_pdf
from .signature import SignatureError, clean_signature_png

MAX_NOTES = 2000
USER_AGENT_CHARS = ClientConsent._meta.get_field("user_agent").max_length


class ConsentError(DomainError):
    pass


def text_sha256(consent_text: ConsentText) -> str:
    """The hash of the wording as signed (UTF-8, exactly as stored)."""
    return hashlib.sha256(consent_text.body.encode("utf-8")).hexdigest()


def _clean_ip(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


def _id_seen(id_seen: str, id_last4: str) -> tuple[str, str]:
    if not settings.CONSENT_RECORD_ID_SEEN:
        return "", ""
    kind, last4 = (id_seen or "").strip(), "".join((id_last4 or "").split())
    if not kind and not last4:
        return "", ""
    if kind not in ClientConsent.IdType.values:
        raise ConsentError("Choose the kind of ID seen (or leave both ID fields empty).", field="id_seen")
    if not (1 <= len(last4) <= 4 and last4.isascii() and last4.isalnum()):
        raise ConsentError("Give the last 4 letters or digits of the ID's number.", field="id_last4")
    return kind, last4.upper()


def _notes(text: str, field: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_NOTES:
        raise ConsentError(f"Keep this to {MAX_NOTES} characters (it has {len(text)}).", field=field)
    return text


def check_signable(*, client: Client, consent_text: ConsentText) -> None:
    """Refuse a version that is no longer current, or one the client has already signed."""
    if not ConsentText.objects.filter(pk=consent_text.pk, is_current=True).exists():
        raise ConsentError("The consent wording has changed since this page was opened: please read it again and sign.")
    done = client.consents.filter(consent_text=consent_text).first()
    if done is not None:
        raise ConsentError(
            f"{client.full_name} already signed version {consent_text.version} "
            f"on {to_clinic_time(done.signed_at):%-d %B %Y at %H:%M}."
        )


@transaction.atomic
def sign_consent(
    *,
    client: Client,
    consent_text: ConsentText,
    method: str,
    typed_name: str,
    signature_png: bytes | None = None,
    area_notes: str = "",
    hairline_notes: str = "",
    id_seen: str = "",
    id_last4: str = "",
    artist=None,
    ip: str = "",
    user_agent: str = "",
    by=None,
    now: datetime | None = None,
) -> ClientConsent:
    """The client signs `consent_text` (the current version): drawn (PNG + typed name) or typed name alone.

    `id_seen` is a `ClientConsent.IdType` value and `id_last4` the ID number's last characters (both
    ignored when CONSENT_RECORD_ID_SEEN is off); `artist` is the artist present or assigned (its
    `display_name` is kept); `by` the team member who recorded it (None when signed at home).
    Raises ConsentError / SignatureError (each with `field`) and stores nothing if refused.
    """
    check_signable(client=client, consent_text=consent_text)
    if method not in ClientConsent.Method.values:
        raise ConsentError("Choose how to sign: draw your signature or type your name.", field="method")
    typed = " ".join((typed_name or "").split())
    if not typed_name_matches(typed, client.full_name):
        raise ConsentError(f"Please type your full name exactly as: {client.full_name}", field="typed_name")
    png = clean_signature_png(signature_png or b"") if method == ClientConsent.Method.DRAWN else None
    id_type, id_last = _id_seen(id_seen, id_last4)
    consent = ClientConsent(
        client=client,
        consent_text=consent_text,
        typed_name=typed,
        signed_at=now or timezone.now(),
        recorded_by=by,
        method=method,
        text_sha256=text_sha256(consent_text),
        ip=_clean_ip(ip),
        user_agent=(user_agent or "")[:USER_AGENT_CHARS],
        area_notes=_notes(area_notes, "area_notes"),
        hairline_notes=_notes(hairline_notes, "hairline_notes"),
        id_seen_type=id_type,
        id_seen_last4=id_last,
        artist_name=(getattr(artist, "display_name", None) or str(artist or "")).strip()[:150],
    )
    stem = f"consent-{client.pk}-v{consent_text.version}"
    if png is not None:
        consent.signature.name = consent.signature.field.generate_filename(consent, f"{stem}-signature.png")
    pdf = render_consent_pdf(consent, signature_png=png)
    consent.pdf.name = consent.pdf.field.generate_filename(consent, f"{stem}.pdf")
    consent.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    consent.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as error:  # a second tap of "Sign", or the same client on two devices
        raise ConsentError(f"{client.full_name} has just signed version {consent_text.version}.") from error
    if png is not None:
        store_on_commit(consent.signature, png)
    store_on_commit(consent.pdf, pdf)
    return consent


__all__ = ["ConsentError", "SignatureError", "check_signable", "sign_consent", "text_sha256"]
