"""Applying the policy when a treatment session is cancelled late or missed, or screening postpones it.

Called from the hooks of bookings and clients (payments/policy/receivers.py), inside the transaction
that cancelled the session or recorded the screening, after the quote's row is locked (the ledger's
order: quote first). One decision per session (and per screening): a repeated hook records nothing twice.

- forfeit: a fee equal to the deposit still standing (see standing.py: the balance goes back up by it);
  nothing is charged if no deposit was paid.
- credit: nothing moves; the deposit keeps counting towards the treatment.
- fee: the policy's fee.
- postponement, hold: nothing moves; refund: each deposit (what is left of it) is refunded the way it
  was paid — online ones through `payments.online.refund_online` when the stripe lane provides it,
  otherwise the decision says "refund due" to staff (`amount` holds what is still to give back).
"""

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bookings.models import Appointment, BookingPolicy, TreatmentPlan
from clinic.clock import to_clinic_time
from clinic.errors import DomainError
from clinic.money import format_gbp
from clinic.text import is_written_reason
from quotes.models import Quote

from ..models import EntryKind, LedgerEntry, Method
from ..services.ledger import record_fee, record_refund, refundable, write_off
from .models import DepositHold, LateOutcome, Outcome, PaymentPolicy, PolicyDecision, PostponedOutcome, Reason
from .standing import deposit_state, standing_deposit
from .words import online_module

log = logging.getLogger(__name__)


class NotWaivable(DomainError):
    field = "reason"


def _accepted_quote(plan_id: int | None) -> Quote | None:
    """The plan's accepted quote, locked (None for a plan made without a quote: nothing was asked for)."""
    if plan_id is None:
        return None
    return Quote.objects.select_for_update().filter(plan_id=plan_id, status=Quote.Status.ACCEPTED).first()


def _when(appointment: Appointment) -> str:
    return f"session {appointment.session_number} on {to_clinic_time(appointment.start):%a %-d %b %Y %H:%M}"


def _charge(*, quote: Quote, appointment: Appointment, reason: str, outcome: str, fee: Decimal, now, **fields):
    if outcome == LateOutcome.FORFEIT:
        amount = standing_deposit(*deposit_state(quote))
    elif outcome == LateOutcome.FEE:
        amount = fee
    else:
        amount = Decimal("0.00")
    decision = PolicyDecision(
        quote=quote, appointment=appointment, reason=reason, outcome=outcome, amount=amount, decided_at=now, **fields
    )
    decision.full_clean(validate_constraints=False)
    decision.save()
    if amount > 0:
        what = "deposit forfeited" if outcome == LateOutcome.FORFEIT else "fee"
        note = f"{Reason(reason).label} of {_when(appointment)}: {what}"
        decision.fee_entry = record_fee(
            quote_id=quote.pk, amount=amount, note=note, idempotency_key=f"policy-{decision.pk}-fee", now=now
        ).entry
        decision.save(update_fields=["fee_entry"])
    return decision


def _unconfirmed_hold(appointment_id: int) -> bool:
    """Session 1 was only held (deposit unpaid): no policy applies to a booking that was never confirmed."""
    return DepositHold.objects.filter(appointment_id=appointment_id, confirmed_at__isnull=True).exists()


def apply_late_cancellation(
    *, appointment_id: int, notice: timedelta, by_client: bool, now: datetime | None = None
) -> PolicyDecision | None:
    """A session was cancelled: with less than the change notice, the policy's late-cancellation outcome.

    Decided at the cancellation's own time (`cancelled_at`, the `now` bookings used), unless `now` is given.
    """
    if notice >= timedelta(hours=BookingPolicy.load().change_notice_hours) or _unconfirmed_hold(appointment_id):
        return None
    appointment = Appointment.objects.get(pk=appointment_id)
    now = now or appointment.cancelled_at or timezone.now()
    quote = _accepted_quote(appointment.plan_id)
    if quote is None or PolicyDecision.objects.filter(appointment_id=appointment_id).exists():
        return None
    policy = PaymentPolicy.load()
    return _charge(
        quote=quote,
        appointment=appointment,
        reason=Reason.LATE_CANCELLATION,
        outcome=policy.late_cancellation,
        fee=policy.late_cancellation_fee,
        now=now,
        notice=notice,
        by_client=by_client,
    )


def apply_no_show(*, appointment_id: int, now: datetime | None = None) -> PolicyDecision | None:
    now = now or timezone.now()
    appointment = Appointment.objects.get(pk=appointment_id)
    quote = _accepted_quote(appointment.plan_id)
    if quote is None or _unconfirmed_hold(appointment_id):
        return None
    if PolicyDecision.objects.filter(appointment_id=appointment_id).exists():
        return None
    policy = PaymentPolicy.load()
    return _charge(
        quote=quote,
        appointment=appointment,
        reason=Reason.NO_SHOW,
        outcome=policy.no_show,
        fee=policy.no_show_fee,
        now=now,
    )


def apply_postponement(*, client_id: int, screening_id: int, now: datetime | None = None) -> PolicyDecision | None:
    """A screening postponed treatment: the client's accepted quote with an active plan holds or refunds its deposit."""
    now = now or timezone.now()
    quote = (
        Quote.objects.select_for_update()
        .filter(client_id=client_id, status=Quote.Status.ACCEPTED, plan__status=TreatmentPlan.Status.ACTIVE)
        .order_by("-accepted_at")
        .first()
    )
    if quote is None or PolicyDecision.objects.filter(screening_id=screening_id).exists():
        return None
    policy = PaymentPolicy.load()
    decision = PolicyDecision.objects.create(
        quote=quote, screening_id=screening_id, reason=Reason.POSTPONEMENT, outcome=policy.postponement, decided_at=now
    )
    if policy.postponement == PostponedOutcome.REFUND:
        decision.amount = _refund_deposits(quote=quote, decision=decision, now=now)
        decision.save(update_fields=["amount"])
    return decision


def _refund_deposits(*, quote: Quote, decision: PolicyDecision, now) -> Decimal:
    """Refund what is left of each deposit; returns what is still due back (online ones, no provider here)."""
    due = Decimal("0.00")
    online = online_module()
    for deposit in LedgerEntry.objects.filter(quote=quote, kind=EntryKind.DEPOSIT).order_by("pk"):
        left = refundable(deposit)
        if left <= 0:
            continue
        note = "Treatment postponed by screening: deposit refunded"
        key = f"policy-{decision.pk}-refund-{deposit.pk}"
        if deposit.method != Method.CARD_ONLINE:
            record_refund(payment_id=deposit.pk, amount=left, note=note, idempotency_key=key, now=now)
        elif online is not None and hasattr(online, "refund_online"):
            try:
                online.refund_online(payment_id=deposit.pk, amount=left, note=note, idempotency_key=key)
            except DomainError:  # the provider is unreachable: the screening stands, the refund is listed as due
                log.warning("online refund of deposit %s not made now; listed as due", deposit.pk, exc_info=True)
                due += left
        else:
            due += left
    return due


@transaction.atomic
def waive_decision(*, decision_id: int, reason: str, by, now: datetime | None = None) -> PolicyDecision:
    """Staff waive a forfeit or a fee, with a written reason: a write-off of the fee (the ledger stays append-only)."""
    now = now or timezone.now()
    quote_id = PolicyDecision.objects.filter(pk=decision_id).values_list("quote_id", flat=True).first()
    Quote.objects.select_for_update().filter(pk=quote_id).first()  # the ledger's lock order: quote first
    decision = PolicyDecision.objects.select_for_update().get(pk=decision_id)
    if decision.waived_at is not None:
        raise NotWaivable(f"This was already waived on {to_clinic_time(decision.waived_at):%-d %B %Y}.")
    if decision.fee_entry_id is None:
        raise NotWaivable("Nothing was charged, so there is nothing to waive.")
    if not is_written_reason(reason):
        raise NotWaivable("Say why it is waived (a few words).")
    what = "forfeited deposit" if decision.outcome == Outcome.FORFEIT else "fee"
    note = f"Waived {what} ({format_gbp(decision.fee_entry.amount)}): {reason.strip()}"
    entry = write_off(quote_id=decision.quote_id, amount=decision.fee_entry.amount, reason=note, by=by, now=now).entry
    decision.waiver_entry, decision.waived_reason, decision.waived_by, decision.waived_at = (
        entry,
        reason.strip(),
        by,
        now,
    )
    decision.full_clean(validate_constraints=False)
    decision.save(update_fields=["waiver_entry", "waived_reason", "waived_by", "waived_at"])
    return decision
