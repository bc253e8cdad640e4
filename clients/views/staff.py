"""Staff and artists' client pages: search, record, timeline, notes, screening, consent."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookings.errors import BookingError
from bookings.forms import StaffConsultationForm
from bookings.models import Appointment, Artist, Service
from bookings.services import book_consultation
from clinic.access import artist_of, is_staff, staff_required, team_required, visible_clients

from ..forms import ClientRecordForm, ClientSearchForm, ConsentForm, NoteForm, ScreeningForm
from ..selectors import client_timeline, eligibility, search_clients
from ..services import ClientDetails, ScreeningError, add_client_note, record_consent, record_screening


def _client_for(request, pk: int):
    return get_object_or_404(visible_clients(request.user), pk=pk)


@team_required
def client_search(request):
    form = ClientSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    artist = None if is_staff(request.user) else artist_of(request.user)
    results = search_clients(query=query, visible_to=artist)
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    return render(request, "clients/search.html", {"form": form, "page": page, "query": query})


@team_required
def client_detail(request, pk: int):
    client = _client_for(request, pk)
    return render(request, "clients/detail.html", _detail_context(request, client))


def _detail_context(request, client, *, note_form=None) -> dict:
    return {
        "client": client,
        "timeline": client_timeline(client=client),
        "eligibility": eligibility(client=client),
        "note_form": note_form or NoteForm(),
        "can_plan": is_staff(request.user),
        "no_shows": client.appointments.filter(status=Appointment.Status.NO_SHOW).count(),
    }


@team_required
def client_edit(request, pk: int):
    client = _client_for(request, pk)
    form = ClientRecordForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Client record saved.")
        return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/edit.html", {"client": client, "form": form}, status=422 if form.errors else 200)


@require_POST
@team_required
def client_note(request, pk: int):
    client = _client_for(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        add_client_note(client=client, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Note added.")
        return redirect("clients:detail", pk=client.pk)
    # Show the page again with the note as typed and what was wrong with it.
    return render(request, "clients/detail.html", _detail_context(request, client, note_form=form), status=422)


@team_required
def client_screening(request, pk: int):
    client = _client_for(request, pk)
    consultations = Appointment.objects.filter(client=client, service__slug=Service.CONSULTATION).order_by("-start")
    form = ScreeningForm(request.POST or None, consultations=consultations)
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
            return redirect("clients:detail", pk=client.pk)
    status = 422 if form.errors else 200
    return render(request, "clients/screening.html", {"client": client, "form": form}, status=status)


@team_required
def client_consent(request, pk: int):
    client = _client_for(request, pk)
    status = eligibility(client=client)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_consent(client=client, typed_name=form.cleaned_data["typed_name"], recorded_by=request.user)
        except ScreeningError as error:
            form.add_error("typed_name", error.message)
        else:
            messages.success(request, "Consent confirmed.")
            return redirect("clients:detail", pk=client.pk)
    context = {"client": client, "form": form, "text": status.current_consent, "consent": status.consent}
    return render(request, "clients/consent.html", context, status=422 if form.errors else 200)


@staff_required
def client_new(request):
    """Reception adds a client who phoned or walked in (the e-mail address stays unique)."""
    form = ClientRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = form.save()
        messages.success(request, f"{client.full_name} added.")
        return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/edit.html", {"client": None, "form": form}, status=422 if form.errors else 200)


@staff_required
def client_book_consultation(request, pk: int):
    """Reception books a consultation by phone: any free time that has not passed (no online notice)."""
    client = _client_for(request, pk)
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
            return redirect("clients:detail", pk=client.pk)
    context = {"client": client, "form": form}
    return render(request, "clients/book_consultation.html", context, status=422 if form.errors else 200)
