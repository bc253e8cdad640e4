"""Session 1 held while its deposit is unpaid (when the policy asks for the deposit to confirm it).

- `hold_if_unpaid`: session 1 was scheduled (bookings' `session_scheduled`, in its transaction): if the
  deposit is needed and not secured, a hold until `unpaid_hold_hours` from now (or, if sooner, the
  booking policy's minimum online notice before the session, so the freed slot can still be booked). The "session booked" e-mail then says "held until …" (words.py).
- `confirm_paid_holds`: money came in (the ledger's `entry_recorded`, under the quote's lock): open
  holds of that quote whose deposit is now secured are confirmed and the client told.
- `release_unpaid_holds`: the beat task's work: holds past their time are released in bounded batches
  (`skip_locked`), each session cancelled through bookings' service (its time freed, the cancellation
  e-mail saying why).

Confirming and releasing lock the hold's row and look again, so a payment arriving while the release
runs either confirms it (the release skips or no longer sees it) or finds it released: never both.
"""

from contextlib import suppress
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.errors import NotChangeable
from bookings.models import Appointment, BookingPolicy
from bookings.services import cancel_appointment
from quotes.models import Quote

from .messages import queue_hold_confirmed
from .models import DepositHold, PaymentPolicy
from .standing import deposit_secured, deposit_state


def hold_if_unpaid(*, appointment_id: int, now: datetime | None = None) -> DepositHold | None:
    now = now or timezone.now()
    policy = PaymentPolicy.load()
    if not policy.deposit_required_to_confirm:
        return None
    appointment = Appointment.objects.get(pk=appointment_id)
    if appointment.session_number != 1 or appointment.plan_id is None:
        return None
    quote = Quote.objects.select_for_update().filter(plan_id=appointment.plan_id, status=Quote.Status.ACCEPTED).first()
    if quote is None or deposit_secured(*deposit_state(quote)):
        return None
    # Released in time for someone else to book the slot online (the booking policy's minimum notice).
    latest = appointment.start - timedelta(minutes=BookingPolicy.load().min_notice_minutes)
    until = min(now + timedelta(hours=policy.unpaid_hold_hours), latest)
    if until <= now:
        return None  # too close to hold: the deposit is taken at the desk
    hold, _ = DepositHold.objects.get_or_create(
        appointment=appointment, defaults={"quote": quote, "until": until, "created_at": now}
    )
    return hold


def confirm_paid_holds(*, quote_id: int, now: datetime | None = None) -> list[DepositHold]:
    """Call under the quote's lock (the ledger holds it when it sends `entry_recorded`)."""
    now = now or timezone.now()
    holds = list(
        DepositHold.objects.select_for_update()
        .filter(quote_id=quote_id, confirmed_at__isnull=True, released_at__isnull=True)
        .order_by("pk")
    )
    if not holds or not deposit_secured(*deposit_state(Quote.objects.get(pk=quote_id))):
        return []
    for hold in holds:
        hold.confirmed_at = now
        hold.save(update_fields=["confirmed_at"])
        queue_hold_confirmed(hold=hold, now=now)
    return holds


def release_unpaid_holds(*, now: datetime | None = None, batch: int = 50) -> int:
    """Release open holds whose time has come (at most `batch`); safe to run twice or in parallel."""
    now = now or timezone.now()
    released = 0
    with transaction.atomic():
        holds = list(
            DepositHold.objects.select_for_update(skip_locked=True)
            .filter(confirmed_at__isnull=True, released_at__isnull=True, until__lte=now)
            .order_by("until", "pk")[:batch]
        )
        for hold in holds:
            hold.released_at = now
            hold.save(update_fields=["released_at"])
            with suppress(NotChangeable):  # staff cancelled it already: the hold simply ends
                cancel_appointment(appointment_id=hold.appointment_id, online=False, now=now)
            released += 1
    return released
