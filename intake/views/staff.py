"""The team's view of an intake (/staff/intakes/<id>/): answers, provisional outcome, concern, photos, consent,
and the artist's "Confirm screening" (the confirmed screening is the record)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from clients.models import ConsentText
from clients.screening_rules import CONSEQUENCE_LABELS
from clients.services import ScreeningError
from clinic.access import is_staff, team_required

from ..errors import IntakeClosed
from ..forms import ConfirmScreeningForm, confirm_initial
from ..selectors import intake_photos, intakes_visible_to, steps_of
from ..services import confirm_screening


def _confirm_form(intake):
    """The artist's form, from the client's answers; none once confirmed or for a cancelled consultation."""
    if intake.is_confirmed or intake.appointment.status == intake.appointment.Status.CANCELLED:
        return None
    return ConfirmScreeningForm(intake=intake, initial=confirm_initial(intake))


def _review(request, intake, *, form=None, status: int = 200):
    current = ConsentText.objects.filter(is_current=True).first()
    consent = intake.client.consents.filter(consent_text=current).first() if current else None
    quote_url = ""
    if is_staff(request.user):
        query = urlencode({"treatment_type": intake.concern}) if intake.concern else ""
        quote_url = reverse("quotes:new", args=[intake.client_id]) + (f"?{query}" if query else "")
    context = {
        "intake": intake,
        "client": intake.client,
        "appointment": intake.appointment,
        "steps": steps_of(intake),
        "evaluation": intake.evaluation,
        "reasons": [(q.text, CONSEQUENCE_LABELS[q.consequence]) for q in intake.evaluation.reasons],
        "consent": consent,
        "current_consent": current,
        "form": form or _confirm_form(intake),
        "quote_url": quote_url,
        "photos": intake_photos(intake),
    }
    return render(request, "intake/review.html", context, status=status)


@require_GET
@team_required
def review(request, pk: int):
    return _review(request, get_object_or_404(intakes_visible_to(request.user), pk=pk))


@require_POST
@team_required
def confirm(request, pk: int):
    intake = get_object_or_404(intakes_visible_to(request.user), pk=pk)
    form = ConfirmScreeningForm(request.POST, intake=intake)
    if not form.is_valid():
        return _review(request, intake, form=form, status=422)
    data = form.cleaned_data
    try:
        confirm_screening(
            intake_id=intake.pk,
            by=request.user,
            answers=form.answers(),
            postpone_until=data["postpone_until"],
            gp_letter_received_on=data["gp_letter_received_on"],
            override_outcome=data["override_outcome"],
            override_reason=data["override_reason"],
        )
    except IntakeClosed as error:
        messages.error(request, error.message)
        return _review(request, intake, status=409)
    except ScreeningError as error:
        form.add_error(error.field, error.message)
        return _review(request, intake, form=form, status=422)
    messages.success(request, "Screening confirmed: it is now the client's screening record.")
    return redirect("intake:review", pk=intake.pk)
