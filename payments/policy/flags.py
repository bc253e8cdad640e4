"""What staff see beside a treatment session (bookings/flags.py): the deposit of session 1, and what the
policy charged for a late cancellation or a no-show (with the way to waive it).

Six queries whatever the number of appointments: the quotes of their plans, their balances (two), the
forfeits, the holds and the decisions.
"""

from django.urls import reverse

from bookings.flags import Flag
from bookings.models import Appointment
from clinic.clock import to_clinic_time
from clinic.money import format_gbp
from quotes.models import Quote

from .models import DepositHold, Outcome, PolicyDecision
from .standing import deposit_secured, deposit_states


def _deposit_flag(appointment, quote_id, states, holds) -> Flag | None:
    balance, forfeited = states[quote_id]
    if balance.deposit <= 0:
        return None
    hold = holds.get(appointment.pk)
    if hold is not None and hold.is_open:
        return Flag(
            f"Held until {to_clinic_time(hold.until):%a %-d %b %H:%M}", "warning", key="deposit", staff_only=True
        )
    if deposit_secured(balance, forfeited):
        return Flag("Deposit paid", "done", key="deposit", staff_only=True)
    return Flag(f"Deposit due ({format_gbp(balance.deposit)})", "todo", key="deposit", staff_only=True)


def _decision_flag(decision: PolicyDecision) -> Flag:
    what = "deposit forfeited" if decision.outcome == Outcome.FORFEIT else decision.get_outcome_display().lower()
    text = f"{decision.get_reason_display()}: {what}"
    if decision.amount > 0:
        text += f" ({format_gbp(decision.amount)})"
    if decision.waived_at is not None:
        return Flag(text + ", waived", "info", key="policy", staff_only=True)
    url = reverse("payments_policy:waive", args=[decision.pk]) if decision.waivable else ""
    return Flag(text, "warning" if decision.waivable else "info", url=url, key="policy", staff_only=True)


def deposit_flags(appointments: list) -> dict[int, list]:
    sessions = [a for a in appointments if a.plan_id is not None]
    if not sessions:
        return {}
    quote_of_plan = dict(
        Quote.objects.filter(plan_id__in={a.plan_id for a in sessions}, status=Quote.Status.ACCEPTED).values_list(
            "plan_id", "pk"
        )
    )
    if not quote_of_plan:
        return {}
    states = deposit_states(quote_of_plan.values())
    ids = [a.pk for a in sessions]
    holds = {h.appointment_id: h for h in DepositHold.objects.filter(appointment_id__in=ids)}
    decisions = {d.appointment_id: d for d in PolicyDecision.objects.filter(appointment_id__in=ids)}
    flags: dict[int, list] = {}
    for appointment in sessions:
        quote_id = quote_of_plan.get(appointment.plan_id)
        if quote_id is None:
            continue
        found = []
        booked_first = appointment.session_number == 1 and appointment.status == Appointment.Status.BOOKED
        if booked_first and (flag := _deposit_flag(appointment, quote_id, states, holds)):
            found.append(flag)
        if (decision := decisions.get(appointment.pk)) is not None:
            found.append(_decision_flag(decision))
        if found:
            flags[appointment.pk] = found
    return flags
