from django.core.paginator import Paginator
from django.shortcuts import render

from clinic.access import staff_required

from ..forms import StaffFilterForm
from ..models import Artist
from ..selectors import local_today, upcoming_consultations


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
