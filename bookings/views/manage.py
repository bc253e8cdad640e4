"""The signed manage link: see, cancel or move a booking without an account."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from clinic.clock import to_clinic_time
from clinic.ratelimits import RATE_LIMITED, rate_limited

from ..errors import BookingError, SlotUnavailable
from ..forms import SlotChoiceForm
from ..ics import appointment_ics
from ..models import Appointment, BookingPolicy
from ..next_steps import next_steps_for
from ..notice import can_change_online, change_deadline, is_over_or_cancelled, too_late_message
from ..selectors import build_picker, nearest_free_slots
from ..services import cancel_appointment, reschedule_appointment
from ..tokens import appointment_for_token, manage_url

WHEN = "%A %-d %B at %H:%M"


def _invalid_link(request):
    return render(request, "bookings/link_invalid.html", status=404)


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    appointment = appointment_for_token(token)
    if appointment is None:
        return _invalid_link(request)
    form = SlotChoiceForm(request.POST or None)
    alternatives, status = [], 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        elif rate_limited(request, "reschedule"):
            form.add_error(None, RATE_LIMITED)
            status = 429
        else:
            before = _when_and_with(appointment)
            try:
                appointment = reschedule_appointment(
                    appointment_id=appointment.pk,
                    start=form.cleaned_data["slot"],
                    artist_id=form.cleaned_data["artist"],
                )
            except BookingError as error:
                if isinstance(error, SlotUnavailable):
                    alternatives = nearest_free_slots(
                        service=appointment.service,
                        around=form.cleaned_data["slot"],
                        artist_id=form.cleaned_data["artist"],
                    )
                status = 409 if isinstance(error, SlotUnavailable) else 422
                form.add_error("slot" if error.field else None, error.message)
            else:
                messages.success(
                    request,
                    f"Done: your consultation is now on {_when_and_with(appointment)} (it was {before}). "
                    "We've e-mailed the new details.",
                )
                return redirect("bookings:manage", token=token)
        appointment.refresh_from_db()
    policy = BookingPolicy.load()
    changeable = can_change_online(appointment, policy=policy)
    too_late = appointment.status == Appointment.Status.BOOKED and not changeable
    picker = None
    if changeable:
        params = request.POST if request.method == "POST" else request.GET
        # The booked artist until the client picks another ("artist=" in the query is "any artist").
        keep = appointment.artist_id if "artist" not in params and appointment.artist.is_active else None
        picker = build_picker(
            params=params, service=appointment.service, exclude_appointment_id=appointment.pk, artist_id=keep
        )
    context = {
        "appointment": appointment,
        "token": token,
        "form": form,
        "picker": picker,
        "alternatives": alternatives,
        "selected": request.POST.get("slot", ""),
        "changeable": changeable,
        "change_deadline": change_deadline(appointment, policy=policy),
        "too_late": too_late and too_late_message(appointment, policy=policy, done="moved or cancelled"),
        "next_steps": next_steps_for(appointment),
    }
    template = "bookings/_picker.html" if request.htmx and changeable else "bookings/manage.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _when_and_with(appointment: Appointment) -> str:
    return f"{to_clinic_time(appointment.start):{WHEN}} with {appointment.artist.display_name}"


@require_http_methods(["GET", "POST"])
def cancel(request, token: str):
    """GET asks 'are you sure?'; POST cancels."""
    appointment = appointment_for_token(token)
    if appointment is None:
        return _invalid_link(request)
    if request.method == "GET":
        over = is_over_or_cancelled(appointment)
        if not over and not can_change_online(appointment):
            return redirect("bookings:manage", token=token)  # inside the notice: the manage page says whom to call
        # An old link to a booking already cancelled (or over) says so instead of asking again.
        context = {"appointment": appointment, "token": token, "cancellable": not over}
        return render(request, "bookings/cancel_confirm.html", context)
    try:
        cancel_appointment(appointment_id=appointment.pk)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your consultation has been cancelled. We've sent you a confirmation e-mail.")
    return redirect("bookings:manage", token=token)


@require_GET
def calendar_file(request, token: str):
    """The .ics behind the confirmation page's "Apple Calendar" link (the e-mail attaches the same file)."""
    appointment = appointment_for_token(token)
    if appointment is None:
        return _invalid_link(request)
    body = appointment_ics(appointment, manage_url=manage_url(appointment))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="consultation.ics"'
    return response
