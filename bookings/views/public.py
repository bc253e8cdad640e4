from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from clinic.ratelimits import RATE_LIMITED, rate_limited

from ..calendar_links import calendar_links
from ..errors import BookingError, SlotUnavailable
from ..forms import BookingForm
from ..next_steps import next_steps_for
from ..selectors import build_picker, consultation_service, nearest_free_slots
from ..services import book_consultation
from ..tokens import appointment_for_token, calendar_file_url, make_manage_token, manage_url
from .shared_page import shareable, shared_response

# Buttons of the day strip and artist picker submit the form with this name: navigate, keep what was typed.
NAVIGATE = "navigate"


@require_http_methods(["GET", "POST"])
def book(request):
    """Pick a day and a time, give contact details, book. Nothing typed is lost on an error."""
    if shareable(request):
        return _shared_book_page(request)
    service = consultation_service()
    navigating = request.method == "POST" and NAVIGATE in request.POST
    # The artist was changed after the times were shown (no "Show times", no JavaScript): the chosen time
    # may not be theirs, so show their times again instead of refusing with an error about someone's hours.
    artist_changed = (
        request.method == "POST"
        and not navigating
        and "shown_artist" in request.POST
        and request.POST.get("artist", "") != request.POST["shown_artist"]
    )
    navigating = navigating or artist_changed
    # Navigating re-shows what was typed without judging it yet (no error messages).
    form = BookingForm(initial=request.POST.dict()) if navigating else BookingForm(request.POST or None)
    alternatives, status = [], 200
    if request.method == "POST" and not navigating:
        if form.is_bot():
            form.add_error(None, "Sorry, we could not take this booking. Please call us instead.")
            status = 400
        elif not form.is_valid():
            status = 422
        elif rate_limited(request, "booking"):
            form.add_error(None, RATE_LIMITED)
            status = 429
        else:
            data = form.cleaned_data
            try:
                appointment = book_consultation(
                    start=data["slot"], artist_id=data["artist"], client_details=form.client_details()
                )
            except BookingError as error:
                if isinstance(error, SlotUnavailable):
                    alternatives = nearest_free_slots(service=service, around=data["slot"], artist_id=data["artist"])
                status = 409 if isinstance(error, SlotUnavailable) else 422
                form.add_error("slot", error.message)  # (drops "slot" from cleaned_data)
            else:
                return redirect("bookings:confirmed", token=make_manage_token(appointment))
    params = _picker_params(request)
    picker = build_picker(params=params, service=service)
    if artist_changed:
        whose = f"{picker.artist_name}'s" if picker.artist_name else "every artist's"
        picker.messages.append(
            f"You changed the artist, so these are {whose} times: please check the time and book again."
        )
    context = {
        "form": form,
        "picker": picker,
        "alternatives": alternatives,
        "selected": request.POST.get("slot", "") if artist_changed or not navigating else "",
        "service": service,
        "navigate": NAVIGATE,
        "artist_select_in_form": True,  # also when htmx renders the picker alone
    }
    template = "bookings/_picker.html" if request.htmx and navigating else "bookings/book.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# What the picker reads from a GET (_picker_params); the rest of a query string changes nothing on the page.
PICKER_PARAMS = ("date", "from", "artist")


def _shared_book_page(request):
    """The empty booking page, rendered once per calendar version and query for every signed-out visitor."""

    def render_page(csrf_token: str):
        service = consultation_service()
        picker = build_picker(params=request.GET, service=service)
        context = {
            "form": BookingForm(),
            "picker": picker,
            "alternatives": [],
            "selected": "",
            "service": service,
            "navigate": NAVIGATE,
            "artist_select_in_form": True,
            "csrf_token": csrf_token,
        }
        return render_to_string("bookings/book.html", context, request), picker.stale_at

    params = {name: request.GET.get(name, "") for name in PICKER_PARAMS}
    response = shared_response(request, name="book", params=params, render=render_page)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _picker_params(request) -> dict:
    """The picker reads `date`, `from` and `artist`; a navigation button carries its date in `navigate`."""
    if request.method != "POST":
        return request.GET
    params = request.POST.dict()
    target = params.get(NAVIGATE, "")
    if target.startswith("from:"):
        params.update({"from": target.removeprefix("from:"), "date": ""})
    elif target.startswith("date:"):
        params["date"] = target.removeprefix("date:")
    return params


def confirmed(request, token: str):
    appointment = appointment_for_token(token)
    if appointment is None:
        return render(request, "bookings/link_invalid.html", status=404)
    links = calendar_links(appointment, ics_url=calendar_file_url(appointment), manage_url=manage_url(appointment))
    context = {"appointment": appointment, "token": token, "calendar_links": links}
    context["next_steps"] = next_steps_for(appointment)
    return render(request, "bookings/confirmed.html", context)
