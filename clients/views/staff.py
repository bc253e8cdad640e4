"""The team's client pages that need only client data: search, new client, record, consent."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from clinic import pagination
from clinic.access import artist_of, is_staff, staff_required, team_required
from clinic.links import link_maker

from ..forms import ClientRecordForm, ClientSearchForm, ConsentForm
from ..models import Client
from ..selectors import eligibility, search_clients
from ..services import ScreeningError, record_consent, save_client_record


def _client_for(request, pk: int):
    return get_object_or_404(Client.objects.visible_to(request.user), pk=pk)


@team_required
def client_search(request):
    form = ClientSearchForm(request.GET or None)
    artist = None if is_staff(request.user) else artist_of(request.user)
    if form.is_bound and not form.is_valid():
        # A search that can't be run finds nobody (not everybody): the page says what was wrong.
        page = Paginator(Client.objects.none(), 25).get_page(1)
        context = {"form": form, "page": page, "query": form.data.get("q", "").replace("\x00", "")}
        return render(request, "clients/search.html", context, status=400)
    query = form.cleaned_data["q"] if form.is_bound else ""
    results = search_clients(query=query, visible_to=artist)
    page = pagination.get_page(results, request.GET.get("page"), 25)
    record_url = link_maker("records:client")  # reversed once for the page, not once a row
    for found in page:
        found.record_url = record_url(found.pk)
    return render(request, "clients/search.html", {"form": form, "page": page, "query": query})


@team_required
def client_edit(request, pk: int):
    client = _client_for(request, pk)
    form = ClientRecordForm(request.POST or None, instance=client, contact_editable=is_staff(request.user))
    if request.method == "POST" and form.is_valid():
        save_client_record(form=form)
        messages.success(request, "Client record saved.")
        return redirect("records:client", pk=client.pk)
    return render(request, "clients/edit.html", {"client": client, "form": form}, status=422 if form.errors else 200)


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
            return redirect("records:client", pk=client.pk)
    context = {"client": client, "form": form, "text": status.current_consent, "consent": status.consent}
    return render(request, "clients/consent.html", context, status=422 if form.errors else 200)


@staff_required
def client_new(request):
    """Reception adds a client who phoned or walked in (the e-mail address stays unique)."""
    form = ClientRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = form.save()
        messages.success(request, f"{client.full_name} added.")
        return redirect("records:client", pk=client.pk)
    return render(request, "clients/edit.html", {"client": None, "form": form}, status=422 if form.errors else 200)
