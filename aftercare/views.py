"""Aftercare pages: the client's by signed link, the team's on the client's record."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from clinic.access import team_required
from photos.selectors import healing_photos

from .models import AftercareSchedule
from .selectors import schedule_view
from .tokens import schedule_for_token


def render_schedule(request, schedule: AftercareSchedule, *, for_team: bool = False):
    context = {"view": schedule_view(schedule=schedule), "client": schedule.client, "for_team": for_team}
    if for_team:  # the client's healing photos since the session, for the artist
        context["healing_photos"] = healing_photos(appointment=schedule.session)
    return render(request, "aftercare/schedule.html", context)


def public_schedule(request, token: str):
    schedule = schedule_for_token(token)
    if schedule is None:
        raise Http404
    return render_schedule(request, schedule)


@team_required
def team_schedule(request, pk: int):
    schedule = get_object_or_404(AftercareSchedule.objects.visible_to(request.user), pk=pk)
    return render_schedule(request, schedule, for_team=True)
