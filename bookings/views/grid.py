"""The calendar's time grid: the day (artists across) and the week (days across, one artist at a time)."""

from datetime import date, timedelta

from django.shortcuts import render

from clinic.access import artist_of, team_required
from clinic.clock import local_today

from ..flags import flags_for
from ..models import Artist
from ..selectors import calendar_days
from ..selectors.grid import day_grid, week_grids


def parse_day(raw: str | None) -> date:
    """A date from the query string; anything unparsable or absurd (year 1 or 9999) means today."""
    today = local_today()
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        return today
    return day if abs((day - today).days) <= 3660 else today


def _chosen_artists(request, visible):
    """The artists to show and, when the one asked for can't be shown, why (said, never an empty grid)."""
    wanted = request.GET.get("artist", "")
    if not wanted:
        return visible, ""
    if wanted.isascii() and wanted.isdigit() and visible.filter(pk=int(wanted)).exists():
        return visible.filter(pk=int(wanted)), ""
    if artist_of(request.user):
        return visible, "Artists can open only their own calendar, so yours is shown. Reception can see everyone's."
    return visible, "There is no artist with that number in the calendar, so everyone is shown."


@team_required
def calendar(request):
    view = "day" if request.GET.get("view") == "day" else "week"
    day = parse_day(request.GET.get("date"))
    start = day if view == "day" else day - timedelta(days=day.weekday())
    length = 1 if view == "day" else 7
    visible = Artist.objects.visible_to(request.user).order_by("display_name")
    artists, notice = _chosen_artists(request, visible)
    days = calendar_days(start_date=start, days=length, artists=artists)
    step = timedelta(days=length)
    grids = ([day_grid(day=days[0])] if days[0].columns else []) if view == "day" else week_grids(days=days)
    shown = [b.appointment for g in grids for c in g.columns for b in c.blocks if b.appointment is not None]
    context = {
        "view": view,
        "days": days,
        "grids": grids,
        "flags": flags_for(shown, viewer=request.user),
        "notice": notice,
        "start": start,
        "previous": start - step,
        "next": start + step,
        "today": local_today(),
        "all_artists": visible,
        "artist_filter": request.GET.get("artist", "") if not notice else "",
    }
    return render(request, "bookings/calendar.html", context)
