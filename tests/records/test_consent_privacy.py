"""Signed consents and patch tests in the UK GDPR export (files included) and erasure (files deleted after commit)."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from clients.consent.services import sign_consent
from clients.models import ConsentText, PatchTest
from clients.patch_tests.services import record_patch_test
from tests.clients.signatures import drawn_png
from tests.records.test_erasure import every_text_in_the_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(world):
    ConsentText.objects.update(is_current=False)
    text = ConsentText.objects.create(version=2, body="Wording two", is_current=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        consent = sign_consent(
            client=world["client"],
            consent_text=text,
            method="drawn",
            typed_name="Jamie Walsh",
            signature_png=drawn_png(),
            area_notes="Scar behind the left ear",
            hairline_notes="Jamie wants a soft hairline",
            id_seen="passport",
            id_last4="4321",
            ip="203.0.113.4",
            user_agent="Tablet/1.0",
        )
        test = record_patch_test(
            client=world["client"],
            done_on=date(2026, 11, 20),
            site="Behind the left ear",
            pigment="Shade 3",
            notes="Jamie: no itching",
            photo=SimpleUploadedFile("spot.png", drawn_png(), content_type="image/png"),
        )
    return consent, test


def test_export_has_the_signed_pdf_signature_and_patch_tests(client, world, signed):
    consent, test = signed
    client.force_login(world["users"]["manager"])
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("records:export", args=[world["client"].pk])).content))
    names = set(archive.namelist())
    assert {consent.pdf.name, consent.signature.name, test.photo.name} <= names
    assert archive.read(consent.pdf.name).startswith(b"%PDF")
    data = json.loads(archive.read("client.json"))
    assert [t["site"] for t in data["patch_tests"]] == ["Behind the left ear"]
    signed_row = next(c for c in data["consents"] if c["method"] == "drawn")
    assert signed_row["area_notes"] == "Scar behind the left ear" and signed_row["ip"] == "203.0.113.4"
    assert {
        "consent": consent.pdf.name,
        "file": consent.pdf.name,
        "sha256": consent.pdf_sha256,
        "sha256_matches": True,
    } in data["files"]


def test_erasure_removes_the_files_and_every_trace(client, world, signed, django_capture_on_commit_callbacks):
    consent, test = signed
    storage = consent.pdf.storage
    files = [consent.pdf.name, consent.signature.name, test.photo.name]
    assert all(storage.exists(name) for name in files)
    assert "4321" in every_text_in_the_database()
    client.force_login(world["users"]["manager"])
    pk = world["client"].pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:erase", args=[pk]), {"confirmation": f"ERASE {pk}", "reason": "Ref 7"})
    assert response.status_code == 302
    assert not any(storage.exists(name) for name in files)
    text = every_text_in_the_database()
    # Whole phrases: other tests' factory people may be called Jamie or Walsh too.
    traces = ("Jamie Walsh", "jamie.walsh@example.com", "Jamie wants a soft hairline", "Jamie: no itching")
    for trace in (*traces, "Scar behind", "4321", "203.0.113.4", "Tablet/1.0", "Behind the left ear"):
        assert trace not in text, trace
    consent.refresh_from_db()
    assert (consent.pdf.name, consent.signature.name, consent.method) == ("", "", "typed")
    assert consent.consent_text.version == 2  # that the client consented, to which wording, stays
    assert not PatchTest.objects.exists()
