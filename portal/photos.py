"""The client's own photos in the portal: see them, gallery consent per photo, healing photos in aftercare."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clinic.clock import local_today
from photos.forms import PhotoUploadForm, save_photo_form
from photos.models import Photo, Purpose
from photos.selectors import client_photos, healing_photos
from photos.services import set_gallery_consent

from .views import own_client


@login_required
def photos(request):
    client = own_client(request.user)
    open_aftercare = [s for s in client.aftercare_schedules.all() if local_today() <= s.ends_on]
    context = {"photos": client_photos(client=client), "open_aftercare": open_aftercare}
    return render(request, "portal/photos.html", context)


@login_required
@require_POST
def photo_gallery(request, public_id):
    """The client gives or withdraws gallery consent for one photo; a withdrawn one is hidden at once."""
    client = own_client(request.user)
    photo = get_object_or_404(Photo, public_id=public_id, client=client)
    consent = request.POST.get("consent") == "yes"
    set_gallery_consent(photo=photo, consent=consent)
    messages.success(
        request, "Thank you: we may show it in our gallery." if consent else "Done: it won't be shown in any gallery."
    )
    return redirect("portal:photos")


@login_required
@require_http_methods(["GET", "POST"])
def healing_photos_page(request, pk: int):
    """During the aftercare (until its last day) the client sends healing photos; the artist sees them."""
    client = own_client(request.user)
    schedule = get_object_or_404(client.aftercare_schedules.select_related("session"), pk=pk)
    is_open = local_today() <= schedule.ends_on
    form = PhotoUploadForm(request.POST or None, request.FILES or None, gallery=True)
    status = 200
    if request.method == "POST":
        if not is_open:
            messages.error(request, "This aftercare has ended: healing photos can't be added to it any more.")
            status = 409
        elif form.is_valid():
            saved = save_photo_form(
                form, client=client, purpose=Purpose.HEALING, appointment=schedule.session, by=request.user
            )
            if saved:
                messages.success(request, f"Thank you: {len(saved)} photo{'s' if len(saved) != 1 else ''} sent.")
            if not form.errors:
                return redirect("portal:healing_photos", pk=schedule.pk)
            status = 422
        else:
            status = 422
    context = {
        "schedule": schedule,
        "is_open": is_open,
        "form": form,
        "photos": healing_photos(appointment=schedule.session),
    }
    return render(request, "portal/healing_photos.html", context, status=status)
