"""Staff: create a treatment plan, see its sessions, accept or adjust proposed dates."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clients.models import Client
from clients.patch_tests.selectors import patch_test_status
from clients.selectors import eligibility
from clinic.access import staff_required, team_required

from ..errors import BookingError
from ..flags import flags_for
from ..forms import PlanForm, ProposalsForm
from ..models import Artist, BookingPolicy, TreatmentPlan
from ..selectors import propose_session_dates, session_one_from
from ..services import cancel_plan, create_plan, schedule_session


@staff_required
def plan_new(request, client_pk: int):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    artists = Artist.objects.filter(is_active=True).order_by("display_name")
    initial = {"artist": client.preferred_artist_id}
    form = PlanForm(request.POST or None, artists=artists, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = create_plan(client=client, created_by=request.user, **form.cleaned_data)
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Plan created. Review the proposed dates below.")
            return redirect("bookings:plan", pk=plan.pk)
    return render(
        request, "bookings/plan_new.html", {"client": client, "form": form}, status=422 if form.errors else 200
    )


@team_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(TreatmentPlan.objects.visible_to(request.user).select_related("client", "artist"), pk=pk)
    sessions = (
        plan.sessions.select_related("service").prefetch_related("session_notes").order_by("session_number", "start")
    )
    status = eligibility(client=plan.client)
    proposals, form = [], None
    if plan.status == TreatmentPlan.Status.ACTIVE and status.can_schedule:
        proposals = propose_session_dates(plan=plan)
    if numbers := [p.number for p in proposals]:  # nothing left to schedule: no form at all
        initial = {f"session_{p.number}": p.slot.start for p in proposals if p.slot}
        form = ProposalsForm(request.POST or None, numbers=numbers, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                warnings = _schedule_all(plan, form)
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Sessions scheduled.")
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect("bookings:plan", pk=plan.pk)
    sessions = list(sessions)
    context = {
        "plan": plan,
        "sessions": sessions,
        "flags": flags_for(sessions, viewer=request.user),
        "eligibility": status,
        "patch_test": patch_test_status(client_id=plan.client_id),
        "patch_test_rule": BookingPolicy.load(),
        "session_one_from": session_one_from(client_id=plan.client_id),
        "proposals": proposals,
        "form": form,
    }
    return render(
        request, "bookings/plan_detail.html", context, status=422 if form is not None and form.errors else 200
    )


@transaction.atomic
def _schedule_all(plan: TreatmentPlan, form: ProposalsForm) -> list[str]:
    """All remaining sessions or none: a refusal of any one leaves the calendar as it was."""
    warnings = []
    reason = form.cleaned_data["override_reason"]
    for number in form.numbers:
        start = form.cleaned_data[f"session_{number}"]
        try:
            done = schedule_session(plan_id=plan.pk, number=number, start=start, override_reason=reason)
        except BookingError as error:
            error.message = f"Session {number}: {error.message}"
            raise
        warnings += done.warnings
    return warnings


@require_POST
@staff_required
def plan_cancel(request, pk: int):
    plan = get_object_or_404(TreatmentPlan.objects.visible_to(request.user), pk=pk)
    try:
        cancel_plan(plan_id=plan.pk)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Plan cancelled; its future sessions were removed from the calendar.")
    return redirect("bookings:plan", pk=plan.pk)
