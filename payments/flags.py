"""What payments say where staff look: a session's plan balance (bookings/flags.py), a quote's (quotes/notes.py)."""

from django.urls import reverse

from bookings.flags import Flag
from clinic.access import is_staff
from clinic.money import format_gbp
from quotes.models import Quote
from quotes.notes import QuoteNote

from .selectors.balance import balance_of
from .selectors.due import with_outstanding


def balance_flags(appointments: list) -> dict[int, list[Flag]]:
    """{session id: ["Balance £1,040.00 due" or "Paid in full"]} for sessions of plans from an accepted quote.

    One query: the plans' accepted quotes with their balance summed in the database (`with_outstanding`)."""
    plan_ids = {a.plan_id for a in appointments if getattr(a, "plan_id", None)}
    if not plan_ids:
        return {}
    accepted = Quote.objects.filter(plan_id__in=plan_ids, status=Quote.Status.ACCEPTED)
    owed = {
        plan_id: (pk, due)
        for plan_id, pk, due in with_outstanding(accepted).values_list("plan_id", "pk", "outstanding")
    }
    flags = {}
    for appointment in appointments:
        if (found := owed.get(appointment.plan_id)) is None:
            continue
        quote_id, outstanding = found
        url = reverse("payments:quote", args=[quote_id])
        if outstanding > 0:
            flag = Flag(f"Balance {format_gbp(outstanding)} due", "todo", url, "balance", staff_only=True)
        else:
            flag = Flag("Paid in full", "done", url, "balance", staff_only=True)
        flags[appointment.pk] = [flag]
    return flags


def quote_balance_notes(quote, user) -> list[QuoteNote]:
    """On the quote's staff page (quotes/notes.py): its balance, linked to the desk page; staff only."""
    if not is_staff(user) or quote.status != Quote.Status.ACCEPTED:
        return []
    balance = balance_of(quote)
    url = reverse("payments:quote", args=[quote.pk])
    text = f"Balance {format_gbp(balance.outstanding)} due" if balance.outstanding > 0 else "Paid in full"
    return [QuoteNote(f"{text} · payments and receipts", url, "balance")]
