"""The staff home: the day by time with what needs doing, tomorrow, and the clinic's to-do list."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from clinic.access import artist_of, is_staff, team_required
from clinic.clock import local_today

from .selectors import day_rows, to_do


@team_required
def home(request):
    """Reception and managers see the whole clinic; an artist sees their own day, with the week a click away."""
    staff = is_staff(request.user)
    artist = None if staff else artist_of(request.user)
    today = local_today()
    tomorrow = today + timedelta(days=1)
    context = {
        "today": today,
        "tomorrow": tomorrow,
        "now": timezone.now(),
        "artist": artist,
        "rows_today": day_rows(day=today, artist=artist),
        "rows_tomorrow": day_rows(day=tomorrow, artist=artist),
        "todo": to_do() if staff else None,
    }
    return render(request, "frontdesk/home.html", context)
