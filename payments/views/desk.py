"""The desk's money pages (staff): a quote's ledger and balance, a payment, a refund, a manager's write-off.

The payment and refund forms carry a one-time key (forms.OnceForm): a double submission finds the entry the
first recorded.
A refused amount comes back on the form with the reason (422); nothing typed is lost.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clinic.access import is_manager, manager_required, staff_required
from clinic.errors import DomainError
from clinic.money import format_gbp
from quotes.models import Quote

from .. import online
from ..forms import PaymentForm, RefundForm, WriteOffForm
from ..models import MONEY_IN, LedgerEntry, Method
from ..selectors.statement import statement_for
from ..services.ledger import record_payment, record_refund, refundable, write_off


def _quote(request, pk: int) -> Quote:
    return get_object_or_404(Quote.objects.visible_to(request.user).select_related("client", "plan"), pk=pk)


def _money_page(request, quote, *, payment_form=None, write_off_form=None, status=200):
    context = {
        "quote": quote,
        "statement": statement_for(quote=quote),
        "payment_form": payment_form or PaymentForm(initial={"kind": _suggested_kind(quote)}),
        "write_off_form": (write_off_form or WriteOffForm()) if is_manager(request.user) else None,
    }
    return render(request, "payments/quote_money.html", context, status=status)


def _suggested_kind(quote) -> str:
    return "payment" if LedgerEntry.objects.filter(quote=quote, kind__in=MONEY_IN).exists() else "deposit"


def _recorded_message(request, recorded, what: str) -> None:
    if recorded.created:
        messages.success(request, f"{what} of {format_gbp(recorded.entry.amount)} recorded.")
    else:
        messages.info(request, f"That {what.lower()} was already recorded; nothing was added.")


@staff_required
def quote_money(request, pk: int):
    return _money_page(request, _quote(request, pk))


@require_POST
@staff_required
def payment_new(request, pk: int):
    quote = _quote(request, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recorded = record_payment(
                quote_id=quote.pk,
                amount=data["amount"],
                method=data["method"],
                kind=data["kind"],
                reference=data["reference"].strip(),
                note=data["note"],
                by=request.user,
                idempotency_key=form.key,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            _recorded_message(request, recorded, recorded.entry.get_kind_display())
            return redirect("payments:quote", pk=quote.pk)
    return _money_page(request, quote, payment_form=form, status=422)


@staff_required
def refund_new(request, pk: int):
    entry = get_object_or_404(
        LedgerEntry.objects.select_related("quote__client", "receipt"),
        pk=pk,
        kind__in=MONEY_IN,
        quote__in=Quote.objects.visible_to(request.user),
    )
    form = RefundForm(request.POST or None, initial={"amount": entry.amount})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if entry.method == Method.CARD_ONLINE:  # given back through the provider, recorded from its answer
                recorded = online.refund_online(
                    payment_id=entry.pk,
                    amount=data["amount"],
                    by=request.user,
                    note=data["note"],
                    idempotency_key=form.key,
                )
            else:
                recorded = record_refund(
                    payment_id=entry.pk,
                    amount=data["amount"],
                    reference=data["reference"].strip(),
                    note=data["note"],
                    by=request.user,
                    idempotency_key=form.key,
                )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            _recorded_message(request, recorded, "Refund")
            return redirect("payments:quote", pk=entry.quote_id)
    context = {"entry": entry, "quote": entry.quote, "form": form, "refundable": refundable(entry)}
    return render(request, "payments/refund_form.html", context, status=422 if form.errors else 200)


@require_POST
@manager_required
def write_off_new(request, pk: int):
    quote = _quote(request, pk)
    form = WriteOffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recorded = write_off(
                quote_id=quote.pk,
                amount=data["amount"],
                reason=data["reason"],
                by=request.user,
                idempotency_key=form.key,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            if recorded.created:
                messages.success(request, f"{format_gbp(recorded.entry.amount)} written off.")
            else:
                messages.info(request, "That write-off was already recorded; nothing was written off twice.")
            return redirect("payments:quote", pk=quote.pk)
    return _money_page(request, quote, write_off_form=form, status=422)
