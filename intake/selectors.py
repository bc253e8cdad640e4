"""Reads for the intake pages, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import QuerySet

from bookings.models import Appointment
from bookings.tokens import appointment_for_token
from photos.models import Photo, Purpose

from .models import Intake, IntakeStatus


def consultation_for_token(token: str) -> Appointment | None:
    """The consultation a manage-link token names (None: forged, expired, or a treatment session's)."""
    appointment = appointment_for_token(token)
    if appointment is None or appointment.plan_id:
        return None
    return appointment


def intake_of(appointment: Appointment) -> Intake:
    """Its intake, or an unsaved not-started one (a consultation booked before intakes existed)."""
    intake = Intake.objects.filter(appointment=appointment).first()
    if intake is None:
        intake = Intake(appointment=appointment, client_id=appointment.client_id)
    intake.appointment = appointment  # loaded with artist, client and service
    return intake


def intakes_visible_to(user) -> QuerySet[Intake]:
    """Staff: every intake; an artist: those of their own consultations; anyone else: none."""
    return Intake.objects.filter(appointment__in=Appointment.objects.visible_to(user)).select_related(
        "appointment__artist", "appointment__service", "client", "confirmed_by", "screening"
    )


@dataclass(frozen=True)
class Step:
    slug: str  # URL name in the intake namespace
    title: str
    done: bool


def steps_of(intake: Intake) -> list[Step]:
    return [
        Step("screening", "Health questions", bool(intake.screening_saved_at)),
        Step("concern", "What you'd like help with", bool(intake.concern)),
        Step("photos", "Photos of your scalp", bool(intake.photos_done_at)),
        Step("consent", "Consent form", bool(intake.consent_signed_at)),
    ]


def next_step(intake: Intake, after: str | None = None) -> str:
    """The URL name of the first step not done (after `after`), or the overview when all are."""
    steps = steps_of(intake)
    names = [s.slug for s in steps]
    start = names.index(after) + 1 if after in names else 0
    for step in steps[start:] + steps[:start]:
        if not step.done:
            return step.slug
    return "start"


def client_intakes(*, client) -> list[Intake]:
    """A client's intakes, latest consultation first (the team's client page)."""
    return list(
        Intake.objects.filter(client=client)
        .select_related("appointment__artist", "confirmed_by")
        .order_by("-appointment__start")
    )


def intake_states(*, appointments) -> dict[int, str]:
    """{consultation id: how far the client got ("Not started", "In progress", "Complete")}, one query.

    From the client's progress, not the stored status: "needs attention" is for the team, never the client.
    """
    rows = Intake.objects.filter(appointment__in=[a.pk for a in appointments]).values_list(
        "appointment_id", "started_at", "completed_at"
    )
    found = {appointment_id: (started, completed) for appointment_id, started, completed in rows}
    states = {}
    for a in appointments:
        started, completed = found.get(a.pk, (None, None))
        status = (
            IntakeStatus.COMPLETE if completed else IntakeStatus.IN_PROGRESS if started else IntakeStatus.NOT_STARTED
        )
        states[a.pk] = status.label
    return states


def intakes_waiting_for_review() -> QuerySet[Intake]:
    """Sent by the client (every step done) and not yet confirmed by the artist, the consultation not cancelled;
    soonest consultation first, with what the front desk lists (the client, the artist)."""
    return (
        Intake.objects.filter(completed_at__isnull=False, confirmed_at__isnull=True)
        .exclude(appointment__status=Appointment.Status.CANCELLED)
        .select_related("client", "appointment__artist")
        .order_by("appointment__start", "pk")
    )


def intake_photos(intake: Intake) -> list[Photo]:
    """The photos sent with this intake, by angle then time."""
    if intake.pk is None:
        return []
    return list(
        Photo.objects.filter(
            client_id=intake.client_id, appointment_id=intake.appointment_id, purpose=Purpose.INTAKE
        ).order_by("angle", "uploaded_at")
    )
