"""A free time chosen on the calendar: book a consultation (a client found by search, or a new one) or the
next session of that client's plan, through the same services and checks as everywhere else."""

from datetime import datetime, time

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from clients.models import Client
from clients.selectors import search_clients
from clients.services import ClientDetails
from clinic.access import artist_of, is_staff, team_required
from clinic.clock import local_instant, to_clinic_time

from ..errors import BookingError
from ..grid_forms import NewClientForm
from ..models import Appointment, Artist, TreatmentPlan
from ..selectors.next_sessions import next_sessions
from ..services import book_consultation, schedule_session
from .grid import parse_day


def _chosen_time(request, artists):
    """The artist and start a free cell links to (its query string), or 404 for anything else."""
    source = request.GET  # the forms post back to the same address, so the time is always in it
    wanted = source.get("artist", "")
    try:
        wall = time.fromisoformat(source.get("time", ""))
    except ValueError as error:
        raise Http404 from error
    if not (wanted.isascii() and wanted.isdigit()):
        raise Http404
    artist = get_object_or_404(artists, pk=int(wanted))
    day = parse_day(source.get("date"))
    return artist, day, local_instant(day, wall)


def _existing_details(client: Client) -> ClientDetails:
    return ClientDetails(full_name=client.full_name, email=client.email, phone=client.phone, concern=client.concern)


def _book(request, *, artist: Artist, start: datetime, new_form: NewClientForm) -> Appointment | None:
    """One booking from the POST (which button was pressed), or None with the refusal added to the page."""
    what = request.POST.get("book")
    clients = Client.objects.visible_to(request.user)
    if what == "session":
        plan = get_object_or_404(TreatmentPlan.objects.visible_to(request.user), pk=request.POST.get("plan"))
        raw = request.POST.get("number", "")
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
        return schedule_session(
            plan_id=plan.pk, number=number, start=start, override_reason=request.POST.get("override_reason", "")
        ).appointment
    if what == "new":
        if not new_form.is_valid():
            return None
        details = new_form.client_details()
    else:
        details = _existing_details(get_object_or_404(clients, pk=request.POST.get("client")))
    return book_consultation(
        start=start, artist_id=artist.pk, client_details=details, source=Appointment.Source.STAFF, online=False
    )


@team_required
def grid_book(request):
    artist, day, start = _chosen_time(request, Artist.objects.visible_to(request.user))
    new_form = NewClientForm(request.POST if request.POST.get("book") == "new" else None, prefix="new")
    refusal = ""
    if request.method == "POST":
        try:
            appointment = _book(request, artist=artist, start=start, new_form=new_form)
        except BookingError as error:
            refusal = error.message
        else:
            if appointment is not None:
                what = "Session booked" if appointment.plan_id else "Consultation booked"
                messages.success(
                    request, f"{what}: {appointment.client.full_name}, {to_clinic_time(start):%H:%M} with {artist}."
                )
                return redirect(reverse("bookings:calendar") + f"?view=day&date={day.isoformat()}")
    query = request.GET.get("q", "")[:100]
    found = []
    if query.strip():
        visible_to = None if is_staff(request.user) else artist_of(request.user)
        found = list(search_clients(query=query, visible_to=visible_to)[:20])
    sessions = next_sessions(client_ids=[c.pk for c in found], artist=artist) if found else {}
    context = {
        "artist": artist,
        "day": day,
        "start": start,
        "query": query,
        "found": [(c, sessions.get(c.pk)) for c in found],
        "new_form": new_form,
        "refusal": refusal,
        "here": request.get_full_path(),
        "heading": "h2",
    }
    if request.htmx:  # the panel beside the grid; htmx swaps only 2xx answers, so a refusal is a 200 here
        return render(request, "bookings/_grid_book.html", context)
    failed = bool(refusal or new_form.errors)
    return render(request, "bookings/grid_book.html", context, status=422 if failed else 200)
