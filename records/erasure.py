"""Erasure (UK GDPR art. 17): personal and health data go; issued quotes' numbers, dates and amounts stay.

Rows other records must keep pointing to (the client, appointments, plans, quotes) stay, anonymised.
simple_history keeps a copy of every version, so the client's history rows are anonymised (or, for
screenings and session notes, deleted) too. Photos are deleted (rows at once, files once the erasure has
committed). One transaction: it all happens or none of it does.
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from bookings.grid_cache import grid_changed
from bookings.messages import sync_appointment_reminders
from bookings.models import Appointment, SessionNote, TreatmentPlan
from bookings.services.checks import mark_cancelled
from clients.models import Client, PrivacyAction, TreatmentType
from clinic.audit import changed_because
from clinic.clock import to_clinic_time
from clinic.errors import DomainError
from clinic.text import is_written_reason
from clinic.users.roles import is_team_account
from intake.models import Intake
from outbox.models import Reminder
from outbox.services.rows import cancel_open
from photos.services import delete_client_photos
from quotes.models import Quote

from .audit import client_filter, history_model

ERASED = "[erased]"  # where the database needs some text (constraints), nothing personal


class ErasureError(DomainError):
    pass


def erased_name(client_id: int) -> str:
    return f"Erased client #{client_id}"


def _anonymous_client_fields(client_id: int) -> dict:
    return {
        "full_name": erased_name(client_id),
        "email": f"erased-{client_id}@erased.invalid",
        "phone": "",
        "date_of_birth": None,
        "address": "",
        "concern": TreatmentType.OTHER,
        "hair_loss_scale": "",
        "norwood_stage": None,
        "ludwig_stage": None,
        "area_notes": "",
        "preferred_artist_id": None,
        "contact_consent": False,
        "marketing_consent": False,
        "user_id": None,
    }


APPOINTMENT_FIELDS = {
    "booked_name": "",
    "booked_email": "",
    "booked_phone": "",
    "spacing_override_reason": "",
    "patch_test_override_reason": "",
}
PLAN_FIELDS = {"notes": ""}  # fourth_session_reason: see _anonymise_plans
QUOTE_FIELDS = {"accepted_name": "", "pdf": ""}
# A signed consent stays (the clinic consented someone, to which version) but nothing that identifies them.
CONSENT_FIELDS = {
    "method": "typed",
    "signature": "",
    "pdf": "",
    "pdf_sha256": "",
    "ip": None,
    "user_agent": "",
    "area_notes": "",
    "hairline_notes": "",
    "id_seen_type": "",
    "id_seen_last4": "",
}


def _deactivate_login(user, client_id: int) -> None:
    if user is None or is_team_account(user):
        return  # a team account linked by mistake is unlinked (below), never disabled
    old_email = user.email
    user.email = f"erased-user-{client_id}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends every session (the session hash changes)
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    if apps.is_installed("axes"):  # failed-login records name the address typed
        for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
            apps.get_model("axes", name).objects.filter(username__iexact=old_email).delete()


def _free_future_time(client: Client, now) -> None:

    future = Appointment.objects.select_for_update().filter(
        client=client, status=Appointment.Status.BOOKED, start__gt=now
    )
    for appointment in future.order_by("pk"):
        mark_cancelled(appointment, now=now)
        sync_appointment_reminders(appointment=appointment, now=now)
    for plan in TreatmentPlan.objects.select_for_update().filter(client=client, status=TreatmentPlan.Status.ACTIVE):
        plan.status = TreatmentPlan.Status.CANCELLED
        plan.save(update_fields=["status"])


def _anonymise_records(client: Client) -> None:
    for appointment in Appointment.objects.filter(client=client):
        for name, value in APPOINTMENT_FIELDS.items():
            setattr(appointment, name, value)
        appointment.save(update_fields=[*APPOINTMENT_FIELDS, "updated_at"])
    for plan in TreatmentPlan.objects.filter(client=client):
        plan.notes = ""
        plan.fourth_session_reason = ERASED if plan.session_count == 4 else ""
        plan.save(update_fields=["notes", "fourth_session_reason"])
    for quote in Quote.objects.filter(client=client):
        if quote.pdf:  # it prints the name and address; deleted once the erasure has committed
            transaction.on_commit(partial(quote.pdf.storage.delete, quote.pdf.name), robust=True)
        quote.accepted_name, quote.pdf = "", ""
        quote.override_reason = ERASED if quote.manual_subtotal is not None else ""
        quote.save(update_fields=["accepted_name", "pdf", "override_reason"])
    SessionNote.objects.filter(appointment__client=client).delete()  # through the model: history rows follow
    for screening in client.screenings.all():
        screening.delete()
    Intake.objects.filter(client=client).delete()  # the online intake's health answers (history below)
    client.notes.all().delete()
    for consent in client.consents.all():  # the PDF prints the name; the signature is the person's own hand
        for stored in (consent.pdf, consent.signature):
            if stored:
                transaction.on_commit(partial(stored.storage.delete, stored.name), robust=True)
    client.consents.update(typed_name=ERASED, **CONSENT_FIELDS)
    grid_changed()  # an update sends no signal: calendar bodies showing the client are retired
    for test in client.patch_tests.all():
        if test.photo:
            transaction.on_commit(partial(test.photo.storage.delete, test.photo.name), robust=True)
        test.delete()  # through the model: history rows follow (deleted below)
    delete_client_photos(client=client)  # health data: rows now, files once the erasure has committed


def _anonymise_history(client_id: int) -> None:
    """simple_history's copies: personal fields overwritten in every version, health records deleted."""
    personal = {
        "client": _anonymous_client_fields(client_id),
        "appointment": APPOINTMENT_FIELDS,
        "plan": {**PLAN_FIELDS, "fourth_session_reason": ""},
        "quote": {**QUOTE_FIELDS, "override_reason": ""},
    }
    for kind, fields in personal.items():
        rows = history_model(kind).objects.filter(client_filter(kind, client_id))
        rows.update(**fields)
    for kind in ("screening", "session_note", "patch_test"):
        history_model(kind).objects.filter(client_filter(kind, client_id)).delete()
    Intake.history.model.objects.filter(client_id=client_id).delete()
    # The constraints of the live tables don't apply to history; restore the texts they require.
    history_model("plan").objects.filter(client_id=client_id, session_count=4).update(fourth_session_reason=ERASED)
    history_model("quote").objects.filter(client_id=client_id, manual_subtotal__isnull=False).update(
        override_reason=ERASED
    )


def confirmation_text(client_id: int) -> str:
    """What the manager types to confirm, exactly."""
    return f"ERASE {client_id}"


def erasure_preview(*, client_id: int, now=None) -> dict[str, int]:
    """What an erasure would cancel, for the confirmation page: future appointments, open plans, open messages."""
    now = now or timezone.now()
    booked = Appointment.objects.filter(client_id=client_id, status=Appointment.Status.BOOKED, start__gt=now)
    return {
        "appointments": booked.count(),
        "plans": TreatmentPlan.objects.filter(client_id=client_id, status=TreatmentPlan.Status.ACTIVE).count(),
        "reminders": Reminder.objects.filter(client_id=client_id).open().count(),
    }


def check_erasable(*, client_id: int, confirmation: str, reason: str) -> Client:
    """Lock the client; refuse a second erasure, a wrong confirmation or a missing reason."""
    client = Client.objects.select_for_update().get(pk=client_id)
    done = PrivacyAction.objects.filter(client=client, kind=PrivacyAction.Kind.ERASURE).first()
    if done is not None:
        raise ErasureError(f"Client #{client.pk} was already erased on {to_clinic_time(done.at):%-d %B %Y}.")
    if confirmation.strip() != confirmation_text(client.pk):
        raise ErasureError(f"Type {confirmation_text(client.pk)} to confirm.", field="confirmation")
    if not is_written_reason(reason):
        raise ErasureError("Give the reason for the erasure (e.g. the request's reference).", field="reason")
    return client


@transaction.atomic
def erase_client(*, client_id: int, by, confirmation: str, reason: str, now=None) -> PrivacyAction:
    """Erase a client (see the module docstring); raises ErasureError and changes nothing if refused."""
    now = now or timezone.now()
    client = check_erasable(client_id=client_id, confirmation=confirmation, reason=reason)
    with changed_because("UK GDPR erasure"):
        _free_future_time(client, now)
        cancel_open(Reminder.objects.filter(client=client), note="client erased (UK GDPR)", now=now)
        Reminder.objects.filter(client=client).exclude(last_error="").update(last_error="")
        _anonymise_records(client)
        _deactivate_login(client.user, client.pk)
        for name, value in _anonymous_client_fields(client.pk).items():
            setattr(client, name, value)
        client.save()
    _anonymise_history(client.pk)
    return PrivacyAction.objects.create(
        client=client, kind=PrivacyAction.Kind.ERASURE, by=by, at=now, reason=" ".join(reason.split())[:300]
    )
