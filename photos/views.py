"""Photo pages: the access-checked file, the artist's session page, a client's photos and the comparison."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from bookings.models import Appointment
from clients.models import Client
from clinic.access import artist_of, is_staff, team_required

from .forms import PhotoUploadForm, save_photo_form
from .models import Angle, Photo, Purpose, Size
from .selectors import angle_counts, client_photos, compare_angle, session_photos, visible_photo
from .services import record_photo_view, set_gallery_consent


@require_GET
def photo_file(request, public_id, size: str):
    """The only way to a photo's bytes: its client, staff or a linked artist; anyone else 404 (signed in or not)."""
    if size not in Size.values or not request.user.is_authenticated:
        raise Http404
    photo = visible_photo(user=request.user, public_id=public_id)
    stored = photo.file_for(size) if photo is not None else None
    if not stored:  # not theirs, or a size not made yet
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if is_staff(request.user) or artist_of(request.user):
        record_photo_view(photo=photo, user=request.user, size=size)
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.angle}-{size}.jpg"'
    return response


def _team_client(request, pk: int) -> Client:
    return get_object_or_404(Client.objects.visible_to(request.user), pk=pk)


@team_required
def session_page(request, pk: int):
    """Before/after photos of one appointment, per angle, with notes; the artist adds them here."""
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("client", "artist", "service", "plan"), pk=pk
    )
    stage = request.POST.get("stage", Purpose.SESSION_BEFORE)
    if stage not in (Purpose.SESSION_BEFORE, Purpose.SESSION_AFTER):
        stage = Purpose.SESSION_BEFORE
    form = PhotoUploadForm(request.POST or None, request.FILES or None, notes=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = save_photo_form(
                form, client=appointment.client, purpose=stage, appointment=appointment, by=request.user
            )
            if saved:
                messages.success(request, f"{len(saved)} photo{'s' if len(saved) != 1 else ''} added.")
            if not form.errors:
                return redirect("photos:session", pk=appointment.pk)
        status = 422
    context = {
        "appointment": appointment,
        "rows": session_photos(appointment=appointment),
        "form": form,
        "stage": stage,
        "stages": [(Purpose.SESSION_BEFORE, "Before"), (Purpose.SESSION_AFTER, "After")],
    }
    return render(request, "photos/session.html", context, status=status)


@team_required
def client_list(request, pk: int):
    client = _team_client(request, pk)
    context = {"client": client, "photos": client_photos(client=client), "angles": Angle.choices}
    return render(request, "photos/client.html", context)


@team_required
def compare(request, pk: int):
    """One angle across the treatment (?angle=crown), consultation → sessions → aftercare."""
    client = _team_client(request, pk)
    angle = request.GET.get("angle") or Angle.FRONT
    if angle not in Angle.values:
        raise Http404
    counts = angle_counts(client=client)
    context = {
        "client": client,
        "angle": Angle(angle),
        "angles": [(value, label, counts[value]) for value, label in Angle.choices],
        "columns": compare_angle(client=client, angle=angle),
    }
    return render(request, "photos/compare.html", context)


@require_POST
@team_required
def gallery_consent(request, public_id):
    """Staff or the artist withdraw (or, asked by the client, restore) a photo's gallery consent."""
    photo = get_object_or_404(Photo.objects.visible_to(request.user), public_id=public_id)
    consent = request.POST.get("consent") == "yes"
    set_gallery_consent(photo=photo, consent=consent)
    messages.success(request, "Gallery consent given." if consent else "Gallery consent withdrawn: it is hidden now.")
    return redirect("photos:client", pk=photo.client_id)
