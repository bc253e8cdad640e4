"""The hooks payments answers (connected in `PaymentsConfig.ready()`); each calls one service.

All are sent inside the sender's transaction, so what the policy writes commits or rolls back with it.
"""

from django.utils import timezone

from bookings import flags, session_words
from bookings.hooks import session_cancelled, session_no_show, session_scheduled
from clients.hooks import screening_postponed
from quotes import terms
from quotes.hooks import quote_accepted
from quotes.models import Quote

from ..hooks import entry_recorded
from ..models import MONEY_IN, LedgerEntry
from . import words
from .decisions import apply_late_cancellation, apply_no_show, apply_postponement
from .flags import deposit_flags
from .holds import confirm_paid_holds, hold_if_unpaid
from .messages import queue_deposit_request
from .models import DepositHold, PaymentPolicy, PolicyDecision


def on_session_cancelled(sender, *, appointment_id: int, by_client: bool, notice, **kwargs) -> None:
    apply_late_cancellation(appointment_id=appointment_id, notice=notice, by_client=by_client)


def on_session_no_show(sender, *, appointment_id: int, **kwargs) -> None:
    apply_no_show(appointment_id=appointment_id)


def on_session_scheduled(sender, *, appointment_id: int, **kwargs) -> None:
    hold_if_unpaid(appointment_id=appointment_id)


def on_screening_postponed(sender, *, client_id: int, screening_id: int, **kwargs) -> None:
    apply_postponement(client_id=client_id, screening_id=screening_id)


def on_quote_accepted(sender, *, quote_id: int, **kwargs) -> None:
    queue_deposit_request(quote=Quote.objects.get(pk=quote_id), now=timezone.now())


def on_entry_recorded(sender, *, entry_id: int, quote_id: int, kind: str, **kwargs) -> None:
    if kind in MONEY_IN:
        confirm_paid_holds(quote_id=quote_id)


def connect() -> None:
    session_cancelled.connect(on_session_cancelled, dispatch_uid="payments.policy.late_cancellation")
    session_no_show.connect(on_session_no_show, dispatch_uid="payments.policy.no_show")
    session_scheduled.connect(on_session_scheduled, dispatch_uid="payments.policy.hold")
    screening_postponed.connect(on_screening_postponed, dispatch_uid="payments.policy.postponement")
    quote_accepted.connect(on_quote_accepted, dispatch_uid="payments.policy.deposit_request")
    entry_recorded.connect(on_entry_recorded, dispatch_uid="payments.policy.confirm_holds")
    terms.register_terms(words.policy_terms)
    terms.register_next_steps(words.quote_next_steps)
    session_words.register(words.session_words)
    flags.register(
        deposit_flags, staff_only=True, sources=[Quote, LedgerEntry, DepositHold, PolicyDecision, PaymentPolicy]
    )
