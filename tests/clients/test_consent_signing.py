"""sign_consent: drawn and typed, the stored record and PDF (read back with pypdf), and every refusal."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from PIL import Image
from pypdf import PdfReader

from clients.consent.services import ConsentError, sign_consent, text_sha256
from clients.consent.signature import SignatureError
from clients.models import ClientConsent, ConsentText
from tests.clients.factories import ClientFactory
from tests.clients.signatures import blank_png, drawn_png
from tests.helpers import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(db):
    ConsentText.objects.filter(is_current=True).update(is_current=False)
    return ConsentText.objects.create(
        version=7, body="I agree to scalp micropigmentation.\nRisks explained.", is_current=True
    )


@pytest.fixture
def person(db):
    return ClientFactory(full_name="Sam Lee")


class Artist:  # what sign_consent reads of bookings.Artist
    display_name = "Priya Shah"


def sign(person, text, **kwargs):
    """A committed signing (the files are written after commit)."""
    kwargs.setdefault("method", "typed")
    kwargs.setdefault("typed_name", "Sam Lee")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return sign_consent(client=person, consent_text=text, **kwargs)


def pdf_text(consent) -> str:
    with consent.pdf.open("rb") as stored:
        content = stored.read()
    assert hashlib.sha256(content).hexdigest() == consent.pdf_sha256
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_drawn_signature_is_stored_with_what_was_signed(frozen, person, text):
    consent = sign(
        person,
        text,
        method="drawn",
        typed_name="  sam  LEE ",
        signature_png=drawn_png(),
        area_notes="Crown and mid-scalp",
        hairline_notes="Soft, 7 cm above the brow",
        id_seen="driving_licence",
        id_last4="ab12",
        artist=Artist(),
        ip="203.0.113.9",
        user_agent="Mozilla/5.0 (iPad)",
    )
    consent.refresh_from_db()
    assert consent.method == "drawn" and consent.typed_name == "sam LEE"
    assert consent.text_sha256 == hashlib.sha256(text.body.encode()).hexdigest() == text_sha256(text)
    assert consent.signed_at == london(2026, 11, 30, 8, 0)
    assert (consent.ip, consent.user_agent, consent.artist_name) == ("203.0.113.9", "Mozilla/5.0 (iPad)", "Priya Shah")
    assert consent.id_seen == "Driving licence ending AB12"
    with consent.signature.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (600, 200)
    words = pdf_text(consent)
    for expected in (
        "Sam Lee",
        "Version 7",
        text_sha256(text)[:12],
        "30 November 2026, 08:00 GMT",
        "Priya Shah",
        "Crown and mid-scalp",
        "Soft, 7 cm above the brow",
        "Driving licence ending AB12",
        "I agree to scalp micropigmentation.",
    ):
        assert expected in words, expected


def test_a_typed_name_alone_is_a_signature(frozen, person, text):
    consent = sign(person, text, signature_png=drawn_png())  # a typed signing keeps no drawing
    assert consent.method == "typed" and not consent.signature
    words = pdf_text(consent)
    assert "Sam Lee" in words and "Typed name" in words and "Version 7" in words


@pytest.mark.parametrize(
    ("png", "message"),
    [
        (None, "signature box is empty"),
        (b"", "signature box is empty"),
        ("blank", "signature box is empty"),
        (b"GIF89a not a png at all", "not a PNG image"),
        ("jpeg", "not a PNG image"),
    ],
)
def test_a_drawn_signature_must_be_a_real_png_with_ink(person, text, png, message):
    if png == "blank":
        png = blank_png()
    elif png == "jpeg":
        out = io.BytesIO()
        Image.new("RGB", (300, 100), "black").save(out, format="JPEG")
        png = out.getvalue()
    with pytest.raises(SignatureError, match=message) as caught:
        sign(person, text, method="drawn", signature_png=png)
    assert caught.value.field == "signature"
    assert not ClientConsent.objects.exists()


def test_oversized_signatures_are_refused(person, text, settings):
    settings.CONSENT_SIGNATURE_MAX_SIDE = 500
    with pytest.raises(SignatureError, match="over 500 pixels"):
        sign(person, text, method="drawn", signature_png=drawn_png(width=800))
    settings.CONSENT_SIGNATURE_MAX_BYTES = 1000
    with pytest.raises(SignatureError, match="too large"):
        sign(person, text, method="drawn", signature_png=drawn_png(width=400) + b"\0" * 1000)
    assert not ClientConsent.objects.exists()


def test_the_name_must_be_the_clients(person, text):
    with pytest.raises(ConsentError, match="exactly as: Sam Lee") as caught:
        sign(person, text, typed_name="S Lee")
    assert caught.value.field == "typed_name"


def test_only_the_current_version_and_only_once(frozen, person, text):
    old = ConsentText.objects.create(version=6, body="Older wording")
    with pytest.raises(ConsentError, match="wording has changed"):
        sign(person, old)
    sign(person, text)
    with pytest.raises(ConsentError, match="already signed version 7 on 30 November 2026 at 08:00"):
        sign(person, text)
    assert ClientConsent.objects.count() == 1


def test_id_seen_is_complete_or_absent(person, text, settings):
    with pytest.raises(ConsentError, match="last 4") as caught:
        sign(person, text, id_seen="passport", id_last4="12-345")
    assert caught.value.field == "id_last4"
    with pytest.raises(ConsentError, match="kind of ID"):
        sign(person, text, id_last4="1234")
    settings.CONSENT_RECORD_ID_SEEN = False
    consent = sign(person, text, id_seen="passport", id_last4="1234")
    assert consent.id_seen_type == "" and consent.id_seen_last4 == ""
    assert "ID seen" not in pdf_text(consent)


def test_a_failed_signing_leaves_no_file(person, text):
    before = set(default_storage.listdir("consents")[1]) if default_storage.exists("consents") else set()
    with pytest.raises(ConsentError):
        sign(person, text, typed_name="Someone Else")
    after = set(default_storage.listdir("consents")[1]) if default_storage.exists("consents") else set()
    assert after == before


def test_an_odd_ip_is_not_stored(person, text):
    assert sign(person, text, ip="not-an-ip").ip is None


def test_the_include_for_the_intake_has_no_clinic_fields(text):
    from django.template.loader import render_to_string

    from clients.consent.forms import ConsentSignForm

    html = render_to_string(
        "clients/_consent_sign.html", {"form": ConsentSignForm(consent_text=text), "consent_text": text}
    )
    assert "data-signature-canvas" in html and 'name="typed_name"' in html and 'value="7"' in html
    assert 'name="area_notes"' not in html and 'name="id_seen"' not in html and "<form" not in html
    clinic = ConsentSignForm(consent_text=text, in_clinic=True)
    assert {"area_notes", "hairline_notes", "id_seen", "id_last4"} <= clinic.fields.keys()


def test_the_form_hands_the_service_its_arguments(person, text):
    from clients.consent.forms import ConsentSignForm
    from tests.clients.signatures import data_url

    form = ConsentSignForm(
        {"consent_version": "7", "method": "drawn", "typed_name": "Sam Lee", "signature": data_url(drawn_png())},
        consent_text=text,
    )
    assert form.is_valid(), form.errors
    kwargs = form.service_kwargs()
    assert kwargs["signature_png"].startswith(b"\x89PNG") and kwargs["method"] == "drawn"
    consent = sign(person, text, **kwargs)
    assert consent.signature
