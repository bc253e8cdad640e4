"""Reception's consultation pages: the list, and booking one for a client on the phone."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from clients.models import Client
from clients.services import ClientDetails
from clinic.access import staff_required
from clinic.clock import local_today

from ..errors import BookingError
from ..forms import StaffConsultationForm, StaffFilterForm
from ..models import Appointment, Artist
from ..selectors import upcoming_consultations
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
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "bookings/staff_consultations.html", context)


@staff_required
def book_for_client(request, pk: int):
    """Reception books a consultation by phone: any free time that has not passed (no online notice)."""
    client = get_object_or_404(Client, pk=pk)
    form = StaffConsultationForm(request.POST or None, artists=Artist.objects.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        details = ClientDetails(
            full_name=client.full_name, email=client.email, phone=client.phone, concern=client.concern
        )
        artist = form.cleaned_data["artist"]
        try:
            appointment = book_consultation(
                start=form.cleaned_data["start"],
                artist_id=artist.pk if artist else None,
                client_details=details,
                source=Appointment.Source.STAFF,
                online=False,
            )
        except BookingError as error:
            form.add_error("start", error.message)
        else:
            messages.success(
                request,
                f"Consultation booked with {appointment.artist.display_name}; {client.full_name} has been e-mailed.",
            )
            return redirect("records:client", pk=client.pk)
    context = {"client": client, "form": form}
    return render(request, "bookings/book_for_client.html", context, status=422 if form.errors else 200)
