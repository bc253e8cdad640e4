"""Reception's consultation pages: the list, and booking one for a client on the phone."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from clients.models import Client
from clients.services import ClientDetails
from clinic.access import staff_required
from clinic.clock import local_today, to_clinic_time

from ..errors import BookingError, SlotUnavailable
from ..flags import flags_for
from ..forms import SlotChoiceForm, StaffFilterForm
from ..models import Appointment, Artist
from ..selectors import build_picker, consultation_service, nearest_free_slots, upcoming_consultations
from ..services import book_consultation


@staff_required
def staff_consultations(request):
    """Reception's list of consultations: upcoming by default, filterable by dates and artist."""
    form = StaffFilterForm(request.GET or None, artists=Artist.objects.order_by("display_name"))
    filters = {"start_date": local_today(), "end_date": None, "artist_id": None, "status": "booked"}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "start_date": data["date_from"] or (None if data["date_to"] else local_today()),
            "end_date": data["date_to"],
            "artist_id": data["artist"].pk if data["artist"] else None,
            "status": {"": "booked", "all": None}.get(data["status"], data["status"]),
        }
    page = Paginator(upcoming_consultations(**filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "flags": flags_for(page.object_list)}
    return render(request, "bookings/staff_consultations.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def book_for_client(request, pk: int):
    """Reception books a consultation by phone through the public page's picker, with the desk's times:
    every free time that has not passed, also inside the online notice."""
    client = get_object_or_404(Client, pk=pk)
    service = consultation_service()
    form = SlotChoiceForm(request.POST or None)
    alternatives, status = [], 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        else:
            data = form.cleaned_data
            try:
                appointment = book_consultation(
                    start=data["slot"],
                    artist_id=data["artist"],
                    client=client,
                    client_details=_details(client),
                    source=Appointment.Source.STAFF,
                    online=False,
                )
            except BookingError as error:
                if isinstance(error, SlotUnavailable):
                    alternatives = nearest_free_slots(
                        service=service, around=data["slot"], artist_id=data["artist"], online=False
                    )
                status = 409 if isinstance(error, SlotUnavailable) else 422
                form.add_error("slot", error.message)
            else:
                messages.success(request, _booked_message(appointment, client))
                return redirect("records:client", pk=client.pk)
    params = request.POST if request.method == "POST" else request.GET
    picker = build_picker(params=params, service=service, online=False)
    context = {
        "client": client,
        "form": form,
        "picker": picker,
        "alternatives": alternatives,
        "selected": request.POST.get("slot", ""),
        "service": service,
        "for_staff": True,
    }
    template = "bookings/_picker.html" if request.htmx and request.method == "GET" else "bookings/book_for_client.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _details(client: Client) -> ClientDetails:
    """What the booking keeps as typed: the record's own details (the e-mail may be empty)."""
    return ClientDetails(full_name=client.full_name, email=client.email, phone=client.phone, concern=client.concern)


def _booked_message(appointment: Appointment, client: Client) -> str:
    when = f"{to_clinic_time(appointment.start):%A %-d %B at %H:%M}"
    booked = f"Consultation booked on {when} with {appointment.artist.display_name}"
    if client.email:
        return f"{booked}; {client.full_name} has been e-mailed."
    return f"{booked}. {client.full_name} has no e-mail address, so no confirmation goes: tell them the time now."
