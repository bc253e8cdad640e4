"""Staff and artists: one appointment — outcome, move (re-checked), session notes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clinic.access import team_required

from ..errors import BookingError
from ..flags import flags_for
from ..forms import MoveForm, OutcomeForm, SessionNoteForm
from ..models import Appointment
from ..services import add_session_note, record_outcome, reschedule_appointment, reschedule_session


def _appointment_for(request, pk: int):
    qs = Appointment.objects.visible_to(request.user).select_related("artist", "client", "service", "plan")
    return get_object_or_404(qs, pk=pk)


@team_required
def appointment_detail(request, pk: int):
    appointment = _appointment_for(request, pk)
    move_form = MoveForm(request.POST or None, initial={"start": appointment.start}, prefix="move")
    status = 200
    if request.method == "POST" and move_form.is_valid():
        data = move_form.cleaned_data
        if data["start"] == appointment.start:  # saved unchanged: no move, no "your session moved" message
            messages.info(request, "The appointment is already at that time; nothing changed.")
            return redirect("bookings:appointment", pk=appointment.pk)
        try:
            if appointment.plan_id:
                done = reschedule_session(
                    appointment_id=appointment.pk, start=data["start"], override_reason=data["override_reason"]
                )
                for warning in done.warnings:
                    messages.warning(request, warning)
            else:
                reschedule_appointment(  # staff: not held to the clients' online notice
                    appointment_id=appointment.pk, start=data["start"], artist_id=appointment.artist_id, online=False
                )
        except BookingError as error:
            move_form.add_error("start", error.message)
        else:
            messages.success(request, "Moved.")
            return redirect("bookings:appointment", pk=appointment.pk)
    if move_form.errors:
        status = 422
    return render(
        request,
        "bookings/appointment_detail.html",
        _context(appointment, request.user, move_form=move_form),
        status=status,
    )


def _context(appointment, viewer, *, move_form=None, note_form=None) -> dict:
    return {
        "appointment": appointment,
        "flags": flags_for([appointment], viewer=viewer),
        "move_form": move_form or MoveForm(initial={"start": appointment.start}, prefix="move"),
        "outcome_form": OutcomeForm(),
        "note_form": note_form or SessionNoteForm(),
        "notes": appointment.session_notes.select_related("author"),
    }


@require_POST
@team_required
def appointment_outcome(request, pk: int):
    appointment = _appointment_for(request, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            record_outcome(appointment_id=appointment.pk, outcome=form.cleaned_data["outcome"])
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Saved.")
    else:
        messages.error(request, "Choose an outcome.")
    # The staff home's one-click buttons come back to it; only our own pages are followed.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("bookings:appointment", pk=appointment.pk)


@require_POST
@team_required
def appointment_note(request, pk: int):
    appointment = _appointment_for(request, pk)
    form = SessionNoteForm(request.POST)
    if form.is_valid():
        try:
            add_session_note(appointment=appointment, author=request.user, **form.cleaned_data)
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Session note saved.")
            return redirect("bookings:appointment", pk=appointment.pk)
    # Show the note again as typed, with what was wrong.
    return render(
        request, "bookings/appointment_detail.html", _context(appointment, request.user, note_form=form), status=422
    )
