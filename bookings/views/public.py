from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from ..errors import BookingError, SlotUnavailable
from ..forms import BookingForm
from ..selectors import consultation_service, nearest_free_slots
from ..services import book_consultation
from ..tokens import appointment_for_token, make_manage_token
from .picker import build_picker

RATE_LIMITED = "Too many booking attempts from your connection. Please try again later or call us."


def home(request):
    return render(request, "home.html")


def rate_limited(request, group: str) -> bool:
    return is_ratelimited(
        request, group=group, key="ip", rate=settings.BOOKING_RATE_LIMIT, method="POST", increment=True
    )


@require_http_methods(["GET", "POST"])
def book(request):
    """Pick a day and a time, give contact details, book. Nothing typed is lost on an error."""
    service = consultation_service()
    form = BookingForm(request.POST or None)
    alternatives, status = [], 200
    if request.method == "POST":
        if rate_limited(request, "booking"):
            form.add_error(None, RATE_LIMITED)
            status = 429
        elif form.is_bot():
            form.add_error(None, "Sorry, we could not take this booking. Please call us instead.")
            status = 400
        elif form.is_valid():
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
        else:
            status = 422
    params = request.POST if request.method == "POST" else request.GET
    picker = build_picker(params=params, service=service)
    for note in picker.messages:
        messages.info(request, note)
    context = {
        "form": form,
        "picker": picker,
        "alternatives": alternatives,
        "selected": request.POST.get("slot", ""),
        "service": service,
    }
    return render(request, "bookings/book.html", context, status=status)


def confirmed(request, token: str):
    appointment = appointment_for_token(token)
    if appointment is None:
        return render(request, "bookings/link_invalid.html", status=404)
    return render(request, "bookings/confirmed.html", {"appointment": appointment, "token": token})
