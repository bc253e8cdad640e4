"""Subject access: everything held about a client, as `client.json` plus the stored files (quote and signed
consent PDFs, drawn signatures, patch-test photos, scalp photos), in a ZIP."""

import hashlib
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from aftercare.models import AftercareSchedule
from bookings.models import Appointment, SessionNote, TreatmentPlan
from clients.models import Client, PrivacyAction
from intake.models import Intake
from outbox.models import Reminder
from photos.models import Photo
from quotes.models import Quote

from .audit import TRACKED, client_filter, history_model


def _row(obj, *, exclude=()) -> dict:
    """Every stored column (a file as its stored name)."""
    return {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields if f.attname not in exclude}


def _history(client_id: int) -> dict[str, list[dict]]:
    out = {}
    for kind in TRACKED:
        model = history_model(kind)
        rows = model.objects.filter(client_filter(kind, client_id)).order_by("history_date", "history_id")
        out[kind] = [
            _row(r, exclude=("history_user_id",)) | {"history_user": str(r.history_user_id or "")} for r in rows
        ]
    return out


def _quote(quote: Quote) -> dict:
    return _row(quote) | {
        "lines": [_row(line, exclude=("quote_id",)) for line in quote.lines.all()],
        "extras": [extra.name for extra in quote.extras.all()],
        "pdf_file": f"quotes/{quote.number}.pdf" if quote.pdf else "",
    }


def collect(client: Client) -> dict:
    """Every record about the client, as plain data (one query per kind of record)."""
    appointments = Appointment.objects.filter(client=client).select_related("service", "artist")
    return {
        "exported_at": timezone.now(),
        "client": _row(client),
        "consents": [
            _row(c) | {"consent_version": c.consent_text.version, "consent_wording": c.consent_text.body}
            for c in client.consents.select_related("consent_text")
        ],
        "screenings": [_row(s) | {"outcome": s.get_outcome_display()} for s in client.screenings.all()],
        "intakes": [_row(i) for i in Intake.objects.filter(client=client)],  # the online intake's answers
        "patch_tests": [_row(t) for t in client.patch_tests.all()],
        "notes": [_row(n) for n in client.notes.all()],
        "appointments": [_row(a) | {"service": a.service.name, "artist": a.artist.display_name} for a in appointments],
        "treatment_plans": [_row(p) for p in TreatmentPlan.objects.filter(client=client)],
        "session_notes": [_row(n) for n in SessionNote.objects.filter(appointment__client=client)],
        "quotes": [_quote(q) for q in Quote.objects.filter(client=client).prefetch_related("lines", "extras")],
        "aftercare_schedules": [
            _row(s) | {"steps": [_row(step, exclude=("schedule_id",)) for step in s.steps.all()]}
            for s in AftercareSchedule.objects.filter(client=client).prefetch_related("steps")
        ],
        "reminders": [_row(r) for r in Reminder.objects.filter(client=client)],
        "photos": [
            _row(p, exclude=("display", "thumb")) | {"file": _photo_name(p)}
            for p in Photo.objects.filter(client=client)
        ],
        "privacy_actions": [_row(p) for p in PrivacyAction.objects.filter(client=client)],
        "history": _history(client.pk),
    }


def _stored_pdfs(client: Client) -> tuple[dict[str, bytes], list[dict]]:
    files, manifest = {}, []
    for quote in Quote.objects.filter(client=client).exclude(pdf=""):
        name = f"quotes/{quote.number}.pdf"
        try:
            with quote.pdf.open("rb") as stored:
                content = stored.read()
        except FileNotFoundError:
            manifest.append({"quote": quote.number, "file": None, "note": "the stored file is missing"})
            continue
        files[name] = content
        matches = hashlib.sha256(content).hexdigest() == quote.pdf_sha256
        manifest.append({"quote": quote.number, "file": name, "sha256": quote.pdf_sha256, "sha256_matches": matches})
    return files, manifest


def _photo_name(photo: Photo) -> str:
    return f"photos/{photo.uploaded_at:%Y-%m-%d}-{photo.purpose}-{photo.angle}-{photo.pk}.jpg"


def _stored_photos(client: Client) -> tuple[dict[str, bytes], list[dict]]:
    """The originals (as stored: upright, no EXIF); the smaller sizes are copies of them and left out."""
    files, manifest = {}, []
    for photo in Photo.objects.filter(client=client):
        name = _photo_name(photo)
        try:
            with photo.original.open("rb") as stored:
                content = stored.read()
        except FileNotFoundError:
            manifest.append({"photo": photo.pk, "file": None, "note": "the stored file is missing"})
            continue
        files[name] = content
        matches = hashlib.sha256(content).hexdigest() == photo.sha256
        manifest.append({"photo": photo.pk, "file": name, "sha256": photo.sha256, "sha256_matches": matches})
    return files, manifest


def _stored_files(client: Client) -> tuple[dict[str, bytes], list[dict]]:
    """The signed consents' PDFs (checked against their sha256), drawn signatures and patch-test photos."""
    files, manifest = {}, []
    wanted = []
    for consent in client.consents.all():
        wanted += [(consent.pdf, consent.pdf_sha256, "consent"), (consent.signature, "", "signature")]
    wanted += [(test.photo, "", "patch_test_photo") for test in client.patch_tests.all()]
    for field_file, sha256, kind in wanted:
        if not field_file:
            continue
        name = field_file.name
        try:
            with field_file.open("rb") as stored:
                content = stored.read()
        except FileNotFoundError:
            manifest.append({kind: name, "file": None, "note": "the stored file is missing"})
            continue
        files[name] = content
        entry = {kind: name, "file": name}
        if sha256:
            entry |= {"sha256": sha256, "sha256_matches": hashlib.sha256(content).hexdigest() == sha256}
        manifest.append(entry)
    return files, manifest


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        return o.name if hasattr(o, "storage") else super().default(o)


@transaction.atomic
def export_client(*, client: Client, by) -> bytes:
    """The ZIP's bytes (built in memory: a client's records and PDFs are small); the download is recorded."""
    PrivacyAction.objects.create(client=client, kind=PrivacyAction.Kind.EXPORT, by=by, at=timezone.now())
    files, manifest = _stored_pdfs(client)
    photo_files, photo_manifest = _stored_photos(client)
    files, manifest = files | photo_files, manifest + photo_manifest
    more_files, more_manifest = _stored_files(client)
    files, manifest = files | more_files, manifest + more_manifest
    data = collect(client) | {"files": manifest}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("client.json", json.dumps(data, cls=_Encoder, indent=2, ensure_ascii=False))
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
