"""Patch tests on the team's client pages: record one, review it, see its photo (private, no-store)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from clients.models import Client, PatchTest
from clients.patch_tests.forms import PatchTestForm, PatchTestReviewForm
from clients.patch_tests.services import PatchTestError, record_patch_test, review_patch_test
from clinic.access import team_required

from .consent import artist_for


def _patch_test_for(request, pk: int) -> PatchTest:
    visible = Client.objects.visible_to(request.user)
    return get_object_or_404(PatchTest.objects.select_related("client").filter(client__in=visible), pk=pk)


@require_http_methods(["GET", "POST"])
@team_required
def patch_test_new(request, pk: int):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    artist = artist_for(request, client)  # the artist signed in, else the client's plan or preferred artist
    form = PatchTestForm(
        request.POST or None, request.FILES or None, initial={"artist_name": getattr(artist, "display_name", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_patch_test(client=client, by=request.user, **form.cleaned_data)
        except PatchTestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Patch test recorded: review it once the waiting time has passed.")
            return redirect("records:client", pk=client.pk)
    context = {"client": client, "form": form}
    return render(request, "records/patch_test_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@team_required
def patch_test_review(request, pk: int):
    test = _patch_test_for(request, pk)
    form = PatchTestReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_patch_test(patch_test_id=test.pk, by=request.user, **form.cleaned_data)
        except PatchTestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Patch test result recorded.")
            return redirect("records:client", pk=test.client_id)
    context = {"client": test.client, "test": test, "form": form}
    return render(request, "records/patch_test_review.html", context, status=422 if form.errors else 200)


@team_required
def patch_test_photo(request, pk: int):
    test = _patch_test_for(request, pk)
    if not test.photo or not test.photo.storage.exists(test.photo.name):
        raise Http404
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        test.photo.name.rsplit(".", 1)[-1]
    )
    response = FileResponse(test.photo.open("rb"), content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
