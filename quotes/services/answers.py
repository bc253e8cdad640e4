"""The client's answer to an issued quote, revisions, and expiry."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from bookings.models import Appointment, Artist, Service, TreatmentPlan
from bookings.services import create_plan
from clients.names import normalise_name
from clinic.audit import current_reason
from clinic.clock import local_today
from clinic.text import typed_name_matches
from outbox.models import Reminder
from outbox.services.rows import cancel_open

from ..answer_emails import queue_answer_emails
from ..hooks import quote_accepted
from ..messages import sync_quote_reminder
from ..models import Quote
from .drafts import QuoteError, save_draft


def _open_for_answer(quote_id: int, now: datetime) -> Quote:
    quote = Quote.objects.select_for_update().select_related("client").get(pk=quote_id)
    if quote.status == Quote.Status.SUPERSEDED:
        raise QuoteError("This quote has been replaced by a newer version; please use the latest one we sent you.")
    if quote.status == Quote.Status.EXPIRED or (
        quote.status == Quote.Status.ISSUED and quote.valid_until < local_today(now=now)
    ):
        raise QuoteError(f"This quote expired on {quote.valid_until:%-d %B %Y}; please ask us for a new one.")
    if quote.status != Quote.Status.ISSUED:
        raise QuoteError(f"This quote has already been {quote.get_status_display().lower()}.")
    return quote


def _plan_artist(quote: Quote) -> Artist:
    """The artist who did the consultation, else the client's preferred artist, else any active artist."""
    consultation = (
        Appointment.objects.filter(client=quote.client, service__slug=Service.CONSULTATION)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("artist")
        .order_by("-start")
        .first()
    )
    artist = (consultation and consultation.artist) or quote.client.preferred_artist
    artist = artist or Artist.objects.filter(is_active=True).order_by("pk").first()
    if artist is None:
        raise QuoteError("The clinic has no active artist to plan the sessions with; please call us.")
    return artist


@transaction.atomic
def accept_quote(*, quote_id: int, typed_name: str, now: datetime | None = None) -> Quote:
    """Record acceptance (time and typed name) and create the treatment plan as quoted, ready to schedule."""
    now = now or timezone.now()
    quote = _open_for_answer(quote_id, now)
    name = normalise_name(typed_name)
    if not typed_name_matches(name, quote.client.full_name):
        raise QuoteError(f"Please type your full name exactly as: {quote.client.full_name}", field="typed_name")
    if TreatmentPlan.objects.filter(client=quote.client, status=TreatmentPlan.Status.ACTIVE).exists():
        raise QuoteError("You already have a treatment in progress; please call us about this quote.")
    plan = create_plan(
        client=quote.client,
        artist=_plan_artist(quote),
        treatment_type=quote.treatment_type,
        session_count=quote.session_count,
        fourth_session_reason="Quoted for 4 sessions" if quote.session_count == 4 else "",
    )
    quote.status, quote.accepted_at, quote.accepted_name, quote.plan = Quote.Status.ACCEPTED, now, name, plan
    quote.save(update_fields=["status", "accepted_at", "accepted_name", "plan"])
    sync_quote_reminder(quote=quote, now=now)
    queue_answer_emails(quote=quote, now=now)
    quote_accepted.send(sender=Quote, quote_id=quote.pk)
    return quote


@transaction.atomic
def decline_quote(*, quote_id: int, now: datetime | None = None) -> Quote:
    now = now or timezone.now()
    quote = _open_for_answer(quote_id, now)
    quote.status, quote.declined_at = Quote.Status.DECLINED, now
    quote.save(update_fields=["status", "declined_at"])
    sync_quote_reminder(quote=quote, now=now)
    queue_answer_emails(quote=quote, now=now)
    return quote


@transaction.atomic
def revise_quote(*, quote_id: int, by=None) -> Quote:
    """A new draft (version + 1) copied from an issued quote; issuing it supersedes the old one."""
    old = Quote.objects.select_for_update().get(pk=quote_id)
    if old.status != Quote.Status.ISSUED:
        raise QuoteError("Only an issued, unanswered quote can be revised.")
    if Quote.objects.filter(supersedes=old).exists():
        raise QuoteError("A revision of this quote already exists.")
    new = Quote.objects.create(
        client=old.client,
        treatment_type=old.treatment_type,
        session_count=old.session_count,
        extent_scale=old.extent_scale,
        extent_stage=old.extent_stage,
        version=old.version + 1,
        supersedes=old,
        created_by=by,
    )
    return save_draft(  # re-priced from today's list
        client=old.client,
        treatment_type=old.treatment_type,
        session_count=old.session_count,
        extent_scale=old.extent_scale,
        extent_stage=old.extent_stage,
        extras=list(old.extras.all()),
        quote=new,
        by=by,
    )


def expire_quotes(*, now: datetime | None = None, batch: int = 500) -> int:
    """Mark issued quotes past their date as expired, in bounded batches (run daily by beat)."""
    today = local_today(now=now)
    with transaction.atomic():
        quotes = list(
            Quote.objects.select_for_update(skip_locked=True).filter(status=Quote.Status.ISSUED, valid_until__lt=today)[
                :batch
            ]
        )
        cancel_open(Reminder.objects.about_any(Quote, [q.pk for q in quotes]), note="quote expired")
        for quote in quotes:
            quote.status = Quote.Status.EXPIRED
        # One UPDATE and one INSERT of history rows per batch (a queryset update would skip the audit trail).
        return bulk_update_with_history(
            quotes, Quote, ["status"], default_change_reason=current_reason() or "Quote expiry"
        )
