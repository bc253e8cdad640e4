from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from clinic.clock import local_today
from clinic.errors import DomainError
from clinic.text import is_written_reason, typed_name_matches

from .hooks import email_changed, screening_postponed
from .models import Client, ClientConsent, ClientNote, ConsentText, Screening, TreatmentType
from .screening_rules import Outcome, complete_answers


class ScreeningError(DomainError):
    pass


@dataclass(frozen=True, kw_only=True)
class ClientDetails:
    """What a visitor types when booking; already validated by the form or API schema."""

    full_name: str
    email: str  # "" for a client booked by phone who has none yet
    phone: str  # E.164
    concern: str = TreatmentType.OTHER
    contact_consent: bool = False


@transaction.atomic
def upsert_client(*, details: ClientDetails) -> Client:
    """Find the client by e-mail (case-insensitive) or create them; never a duplicate.

    An existing record is not changed by what a public form typed (anyone can type anyone's
    e-mail address); the booking keeps its own copy of the typed name and phone. Only consent to
    be contacted is added (withdrawing it is a deliberate act elsewhere).
    """
    email = details.email.strip()
    if not email:
        raise ValueError("upsert_client finds clients by e-mail; one without an address is booked as themselves")
    client, created = Client.objects.select_for_update().get_or_create(
        email__iexact=email,
        defaults={
            "email": email,
            "full_name": details.full_name.strip(),
            "phone": details.phone,
            "concern": details.concern,
            "contact_consent": details.contact_consent,
        },
    )
    if created or not details.contact_consent or client.contact_consent:
        return client
    client.contact_consent = True
    client.save(update_fields=["contact_consent", "updated_at"])
    return client


def add_client_note(*, client: Client, author, body: str) -> ClientNote:
    note = ClientNote(client=client, author=author, body=body.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def record_screening(
    *,
    client: Client,
    answers: dict[str, bool],
    recorded_by,
    consultation=None,
    postpone_until: date | None = None,
    gp_letter_received_on: date | None = None,
    override_outcome: str = "",
    override_reason: str = "",
) -> Screening:
    """Store the questionnaire; the outcome is derived from the answers and can only be overridden with a reason."""
    answers = complete_answers(answers)
    screening = Screening(
        client=client,
        consultation=consultation,
        answers=answers,
        postpone_until=postpone_until,
        gp_letter_received_on=gp_letter_received_on,
        override_outcome=override_outcome or "",
        override_reason=override_reason.strip(),
        recorded_by=recorded_by,
    )
    screening.recompute()
    if screening.override_outcome == screening.derived_outcome:
        screening.override_outcome = ""  # agreeing with the answers is not an override
    if screening.override_outcome and not is_written_reason(screening.override_reason):
        raise ScreeningError("Overriding the outcome needs a written reason.", field="override_reason")
    today = local_today()
    if screening.outcome == Outcome.POSTPONED and not postpone_until:
        raise ScreeningError("A postponed outcome needs the date to review it again.", field="postpone_until")
    if postpone_until and postpone_until <= today:
        raise ScreeningError("The review date must be in the future.", field="postpone_until")
    if gp_letter_received_on and gp_letter_received_on > today:
        raise ScreeningError("The GP letter can't have arrived in the future.", field="gp_letter_received_on")
    if consultation is not None and consultation.client_id != client.pk:
        raise ScreeningError("That consultation belongs to another client.", field="consultation")
    screening.full_clean()
    screening.save()
    if screening.outcome == Outcome.POSTPONED:
        screening_postponed.send(sender=Screening, client_id=client.pk, screening_id=screening.pk)
    return screening


@transaction.atomic
def record_gp_letter(*, client: Client, received_on: date) -> Screening:
    """The GP letter the latest screening asks for has arrived: its date on that screening (history keeps who)."""
    screening = Screening.objects.select_for_update().filter(client=client).first()
    if screening is None or screening.outcome != Outcome.ELIGIBLE_AFTER_GP_LETTER:
        raise ScreeningError("The latest screening does not ask for a GP letter.")
    if received_on > local_today():
        raise ScreeningError("The GP letter can't have arrived in the future.", field="received_on")
    if received_on < timezone.localdate(screening.recorded_at) - timedelta(days=90):
        raise ScreeningError("That is long before the screening: check the date on the letter.", field="received_on")
    screening.gp_letter_received_on = received_on
    screening.save(update_fields=["gp_letter_received_on"])
    return screening


@transaction.atomic
def record_consent(*, client: Client, typed_name: str, recorded_by=None, now=None) -> ClientConsent:
    """The client confirms the current consent text by typing their name (idempotent per version)."""
    text = ConsentText.objects.get(is_current=True)
    typed = " ".join(typed_name.split())
    if not typed_name_matches(typed, client.full_name):
        raise ScreeningError(f"Please type your full name exactly as: {client.full_name}", field="typed_name")
    consent, _ = ClientConsent.objects.get_or_create(
        client=client,
        consent_text=text,
        defaults={"typed_name": typed, "signed_at": now or timezone.now(), "recorded_by": recorded_by},
    )
    return consent


@transaction.atomic
def save_client_record(*, form) -> Client:
    """Save a validated client form (staff or the client's own); a new e-mail is announced to the apps above.

    The login keeps its own address until the new one is confirmed (portal): whoever edits a record
    must not be able to send someone's login links to an address of their choosing.
    """
    old_email = form.initial.get("email", "") if form.instance.pk else ""
    client = form.save()
    if old_email and old_email.lower() != client.email.lower():
        email_changed.send(sender=Client, client_id=client.pk, old_email=old_email)
    return client


# The signed consent lives in clients/consent/ (signature checks, PDF); re-exported for callers of services.
from .consent.services import ConsentError as ConsentError  # noqa: E402
from .consent.services import sign_consent as sign_consent  # noqa: E402
