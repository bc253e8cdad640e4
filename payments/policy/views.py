"""Staff waive what the policy charged for a late cancellation or a no-show (a written reason)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from clinic.access import staff_required

from .decisions import NotWaivable, waive_decision
from .forms import WaiveForm
from .models import PolicyDecision


@staff_required
def waive(request, pk: int):
    decision = get_object_or_404(
        PolicyDecision.objects.select_related("quote__client", "appointment", "fee_entry", "waived_by"), pk=pk
    )
    form = WaiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            waive_decision(decision_id=decision.pk, reason=form.cleaned_data["reason"], by=request.user)
        except NotWaivable as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, "Waived: the charge is written off and the reason recorded.")
            return redirect("bookings:plan", pk=decision.quote.plan_id)
    status = 422 if form.errors else 200
    return render(request, "payments/policy/waive.html", {"decision": decision, "form": form}, status=status)
