"""The client's page for the team: record, timeline across the apps, notes, and screening at the consultation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings.models import Appointment, BookingPolicy, Service
from clients.consent.selectors import signed_consents
from clients.forms import GpLetterForm, NoteForm, ScreeningForm, screening_initial
from clients.models import Client
from clients.patch_tests.selectors import patch_test_status, patch_tests_of
from clients.selectors import eligibility
from clients.services import ScreeningError, add_client_note, record_gp_letter, record_screening
from clinic.access import is_staff, team_required
from intake.selectors import client_intakes
from payments.selectors.clients import money_of_client
from photos.selectors import photo_count

from ..timeline import client_timeline


def _client_for(request, pk: int) -> Client:
    return get_object_or_404(Client.objects.visible_to(request.user), pk=pk)


def _detail_context(request, client, *, note_form=None, gp_letter_form=None) -> dict:
    return {
        "client": client,
        "timeline": client_timeline(client=client),
        "eligibility": eligibility(client=client),
        "consents": signed_consents(client=client),
        "patch_tests": patch_tests_of(client=client),
        "patch_test": patch_test_status(client_id=client.pk),
        "patch_test_rule": BookingPolicy.load(),
        "note_form": note_form or NoteForm(),
        "gp_letter_form": gp_letter_form or GpLetterForm(),
        "can_plan": is_staff(request.user),
        "no_shows": client.appointments.filter(status=Appointment.Status.NO_SHOW).count(),
        # Money is the desk's: staff see the balances (payments' panel), artists do not.
        "money": money_of_client(client_id=client.pk) if is_staff(request.user) else [],
        "can_take_payments": is_staff(request.user),
        "intakes": client_intakes(client=client),
        "photo_count": photo_count(client=client),
    }


@team_required
def client_detail(request, pk: int):
    client = _client_for(request, pk)
    return render(request, "records/client.html", _detail_context(request, client))


@require_POST
@team_required
def client_note(request, pk: int):
    client = _client_for(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        add_client_note(client=client, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Note added.")
        return redirect("records:client", pk=client.pk)
    # Show the page again with the note as typed and what was wrong with it.
    return render(request, "records/client.html", _detail_context(request, client, note_form=form), status=422)


@require_POST
@team_required
def client_gp_letter(request, pk: int):
    """One action with its date: the GP letter arrived (not a new questionnaire)."""
    client = _client_for(request, pk)
    form = GpLetterForm(request.POST)
    if form.is_valid():
        try:
            record_gp_letter(client=client, received_on=form.cleaned_data["received_on"])
        except ScreeningError as error:
            if error.field is None:  # nothing asks for a letter, so the page has no form to show it on
                messages.error(request, error.message)
                return redirect("records:client", pk=client.pk)
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, f"GP letter recorded as received on {form.cleaned_data['received_on']:%-d %B %Y}."
            )
            return redirect("records:client", pk=client.pk)
    return render(request, "records/client.html", _detail_context(request, client, gp_letter_form=form), status=422)


@team_required
def client_screening(request, pk: int):
    client = _client_for(request, pk)
    consultations = Appointment.objects.filter(client=client, service__slug=Service.CONSULTATION).order_by("-start")
    # Opened from a consultation (?consultation=id): linked to it; otherwise to the latest one that has begun.
    chosen = consultations.filter(pk=request.GET.get("consultation") or None).first() or (
        consultations.filter(start__lte=timezone.now()).first()
    )
    initial = screening_initial(client=client, consultation=chosen)
    form = ScreeningForm(request.POST or None, consultations=consultations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            screening = record_screening(
                client=client,
                answers=form.answers(),
                recorded_by=request.user,
                consultation=data["consultation"],
                postpone_until=data["postpone_until"],
                gp_letter_received_on=data["gp_letter_received_on"],
                override_outcome=data["override_outcome"],
                override_reason=data["override_reason"],
            )
        except ScreeningError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Screening recorded: {screening.get_outcome_display()}.")
            return redirect("records:client", pk=client.pk)
    status = 422 if form.errors else 200
    return render(request, "records/screening.html", {"client": client, "form": form}, status=status)
