"""A drag on the calendar: move an appointment to the time (and, in the day view, the artist) it was dropped on.

Answers in JSON for js/calendar-grid.js: 200 when moved (the page then reloads and says so), 409 with the
service's own refusal, said in place. The keyboard's way is each appointment's "Move…" link.
"""

from datetime import time

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from clinic.access import team_required
from clinic.clock import local_instant, to_clinic_time

from ..errors import BookingError
from ..models import Appointment, Artist
from ..services import reschedule_appointment, reschedule_session
from .grid import parse_day


def _pk(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()):
        raise Http404
    return int(raw)


def _move(appointment: Appointment, *, artist: Artist, start) -> list[str]:
    """The move through the same services as the appointment page; returns the spacing warnings."""
    if appointment.plan_id:
        if artist.pk != appointment.artist_id:
            raise BookingError(
                f"Session {appointment.session_number} stays with {appointment.artist.display_name}: "
                "a plan's sessions are all with its artist. Drop it in their column."
            )
        return reschedule_session(appointment_id=appointment.pk, start=start).warnings
    reschedule_appointment(appointment_id=appointment.pk, start=start, artist_id=artist.pk, online=False)
    return []


@require_POST
@team_required
def grid_move(request):
    appointments = Appointment.objects.visible_to(request.user).select_related("artist", "client")
    appointment = get_object_or_404(appointments, pk=_pk(request.POST.get("appointment", "")))
    artist = get_object_or_404(Artist.objects.visible_to(request.user), pk=_pk(request.POST.get("artist", "")))
    try:
        start = local_instant(parse_day(request.POST.get("date")), time.fromisoformat(request.POST.get("time", "")))
    except ValueError as error:
        raise Http404 from error
    if start == appointment.start and artist.pk == appointment.artist_id:
        return JsonResponse({"moved": False, "message": "Dropped where it was: nothing changed."})
    when = to_clinic_time(start)
    try:
        warnings = _move(appointment, artist=artist, start=start)
    except BookingError as error:
        said = f"{appointment.client.full_name} not moved to {when:%H:%M} with {artist}: {error.message}"
        return JsonResponse({"moved": False, "message": said}, status=409)
    messages.success(request, f"Moved: {appointment.client.full_name} to {when:%a %-d %b, %H:%M} with {artist}.")
    for warning in warnings:
        messages.warning(request, warning)
    return JsonResponse({"moved": True})
