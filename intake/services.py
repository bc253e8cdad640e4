"""Writes for the online intake. `check_*` validates under the intake's lock, the rest change it.

Every write recomputes the stored status (lists filter and flag by it) and the completion time; the
client's writes are refused once the consultation has started, was cancelled, or the artist confirmed.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from bookings.models import Appointment
from clients.models import TreatmentType
from clients.screening_rules import BY_KEY, QUESTIONS, complete_answers
from clients.services import record_screening

from .errors import IntakeClosed, IntakeError
from .models import ConcernSince, Intake

CANCELLED = "This consultation was cancelled, so its intake form is closed. Book a new consultation to start again."
STARTED = "Your consultation has started, so these answers can no longer be changed here: your artist has them."
CONFIRMED = "Your artist has already gone through these answers with you, so they can no longer be changed here."


def ensure_intake(*, appointment: Appointment) -> Intake:
    """The consultation's intake, created (not started) if it has none; idempotent."""
    intake, _ = Intake.objects.get_or_create(appointment=appointment, defaults={"client_id": appointment.client_id})
    return intake


def closed_reason(intake: Intake, *, now: datetime | None = None) -> str:
    """Why the client can no longer change the intake ("" while they can)."""
    now = now or timezone.now()
    appointment = intake.appointment
    if appointment.status == Appointment.Status.CANCELLED:
        return CANCELLED
    if intake.confirmed_at:
        return CONFIRMED
    if appointment.status != Appointment.Status.BOOKED or appointment.start <= now:
        return STARTED
    return ""


def _lock(intake_id: int, now: datetime) -> Intake:
    intake = Intake.objects.select_for_update().select_related("appointment").get(pk=intake_id)
    if reason := closed_reason(intake, now=now):
        raise IntakeClosed(reason)
    return intake


def _save(intake: Intake, now: datetime, fields: list[str]) -> Intake:
    intake.started_at = intake.started_at or now
    done = intake.screening_saved_at and intake.concern and intake.photos_done_at and intake.consent_signed_at
    intake.completed_at = (intake.completed_at or now) if done else None
    intake.status = intake.derive_status()
    intake.full_clean(exclude=["appointment", "client", "screening", "confirmed_by"])
    intake.save(update_fields=[*fields, "started_at", "completed_at", "status", "updated_at"])
    return intake


@transaction.atomic
def save_screening_answers(*, intake_id: int, answers: dict[str, bool], now: datetime | None = None) -> Intake:
    """Step (a): the client's yes/no to every screening question (the same questions staff ask)."""
    now = now or timezone.now()
    unknown = set(answers) - set(BY_KEY)
    if unknown:
        raise IntakeError(f"Unknown questions: {', '.join(sorted(unknown))}.")
    intake = _lock(intake_id, now)
    intake.answers, intake.screening_saved_at = complete_answers(answers), now
    return _save(intake, now, ["answers", "screening_saved_at"])


@transaction.atomic
def save_concern(*, intake_id: int, concern: str, since: str, notes: str = "", now: datetime | None = None) -> Intake:
    """Step (b): what the client would like treated and how long they have had it."""
    now = now or timezone.now()
    if concern not in TreatmentType.values:
        raise IntakeError("Choose what you would like help with.", field="concern")
    if since not in ConcernSince.values:
        raise IntakeError("Choose how long you have had it.", field="since")
    intake = _lock(intake_id, now)
    intake.concern, intake.concern_since, intake.concern_notes = concern, since, notes.strip()
    return _save(intake, now, ["concern", "concern_since", "concern_notes"])


@transaction.atomic
def give_photo_consent(*, intake_id: int, now: datetime | None = None) -> Intake:
    """Step (d), asked before any upload: the photos may be kept in the client's clinical record."""
    now = now or timezone.now()
    intake = _lock(intake_id, now)
    intake.photo_consent_at = intake.photo_consent_at or now
    return _save(intake, now, ["photo_consent_at"])


def check_photo_upload(intake: Intake, *, now: datetime | None = None) -> None:
    """A photo may be added only to an open intake whose client agreed to keep photos in their record."""
    if reason := closed_reason(intake, now=now):
        raise IntakeClosed(reason)
    if not intake.photo_consent_at:
        raise IntakeError(
            "Please first agree that we keep your photos in your clinical record: we can't store them otherwise.",
            field="photo_consent",
        )


@transaction.atomic
def finish_photos(*, intake_id: int, now: datetime | None = None) -> Intake:
    """Step (c) done (with photos, or without: the client may bring the questions to the consultation)."""
    now = now or timezone.now()
    intake = _lock(intake_id, now)
    intake.photos_done_at = intake.photos_done_at or now
    return _save(intake, now, ["photos_done_at"])


@transaction.atomic
def mark_consent_signed(*, intake_id: int, now: datetime | None = None) -> Intake:
    """Step (e): the consent form was signed from the intake (the signature itself is the clients app's)."""
    now = now or timezone.now()
    intake = _lock(intake_id, now)
    intake.consent_signed_at = intake.consent_signed_at or now
    return _save(intake, now, ["consent_signed_at"])


@transaction.atomic
def confirm_screening(
    *,
    intake_id: int,
    by,
    answers: dict[str, bool],
    postpone_until: date | None = None,
    gp_letter_received_on: date | None = None,
    override_outcome: str = "",
    override_reason: str = "",
    now: datetime | None = None,
) -> Intake:
    """The artist confirms or corrects the client's answers: the clients Screening it records is the record.

    Linked to the consultation; who, when and which answers changed are kept on the intake. Once
    confirmed, the client can no longer change the intake. Raises clients' ScreeningError as staff
    screening does (a postponed outcome needs its review date, an override its reason).
    """
    now = now or timezone.now()
    intake = Intake.objects.select_for_update().select_related("appointment", "client").get(pk=intake_id)
    if intake.confirmed_at:
        raise IntakeClosed("This intake's screening has already been confirmed.")
    if intake.appointment.status == Appointment.Status.CANCELLED:
        raise IntakeClosed("This consultation was cancelled.")
    confirmed = complete_answers(answers)
    given = complete_answers(intake.answers)
    screening = record_screening(
        client=intake.client,
        answers=confirmed,
        recorded_by=by,
        consultation=intake.appointment,
        postpone_until=postpone_until,
        gp_letter_received_on=gp_letter_received_on,
        override_outcome=override_outcome,
        override_reason=override_reason,
    )
    intake.changes = [
        {"key": q.key, "question": q.text, "client": given[q.key], "confirmed": confirmed[q.key]}
        for q in QUESTIONS
        if intake.screening_saved_at and given[q.key] != confirmed[q.key]
    ]
    intake.screening, intake.confirmed_by, intake.confirmed_at = screening, by, now
    intake.save(update_fields=["screening", "confirmed_by", "confirmed_at", "changes", "updated_at"])
    return intake
