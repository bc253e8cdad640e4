"""The calendar's time grid: the day (artists across) and the week (days across, one artist at a time).

The grid's body is rendered once per version of what it shows and per kind of viewer (bookings/grid_cache.py);
the page around it (navigation, messages, the CSRF token, the user's name) is rendered for each request.
"""

from datetime import date, datetime, time, timedelta

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from clinic.access import artist_of, team_required
from clinic.clock import clinic_tz, local_instant, local_today

from .. import flags
from ..grid_cache import cached_body, key_for, viewer_key
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


def _chosen_artists(request, visible: list[Artist]) -> tuple[list[Artist], str]:
    """The artists to show and, when the one asked for can't be shown, why (said, never an empty grid)."""
    wanted = request.GET.get("artist", "")
    if not wanted:
        return visible, ""
    if wanted.isascii() and wanted.isdigit() and (chosen := [a for a in visible if a.pk == int(wanted)]):
        return chosen, ""
    if artist_of(request.user):
        return visible, "Artists can open only their own calendar, so yours is shown. Reception can see everyone's."
    return visible, "There is no artist with that number in the calendar, so everyone is shown."


def _stale_at(start: date, length: int, now: datetime) -> datetime | None:
    """When the clock changes the body: a shown day begins, or (one is today) the next minute (the past, the
    now line and the free times move with it); days all past don't change by the clock."""
    tz = clinic_tz()
    first = local_instant(start, time.min, tz)
    if now < first:
        return first
    if now < local_instant(start + timedelta(days=length), time.min, tz):
        return now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return None


@team_required
def calendar(request):
    view = "day" if request.GET.get("view") == "day" else "week"
    day = parse_day(request.GET.get("date"))
    start = day if view == "day" else day - timedelta(days=day.weekday())
    length = 1 if view == "day" else 7
    visible = list(Artist.objects.visible_to(request.user).order_by("display_name"))
    artists, notice = _chosen_artists(request, visible)
    step = timedelta(days=length)
    context = {
        "view": view,
        "notice": notice,
        "start": start,
        "previous": start - step,
        "next": start + step,
        "today": local_today(),
        "all_artists": visible,
        "artist_filter": request.GET.get("artist", "") if not notice else "",
        "viewer_is_artist": artist_of(request.user) is not None,
    }
    viewer = viewer_key(request.user)
    key = key_for(
        "calendar",
        *(context[k] for k in ("view", "notice", "start", "today", "artist_filter")),
        [a.pk for a in visible],
        [a.pk for a in artists],
        viewer,
        flags.generation(),
    )

    def render_body():
        ids = [a.pk for a in artists]
        days = calendar_days(start_date=start, days=length, artists=Artist.objects.filter(pk__in=ids))
        grids = ([day_grid(day=days[0])] if days[0].columns else []) if view == "day" else week_grids(days=days)
        shown = [b.appointment for g in grids for c in g.columns for b in c.blocks if b.appointment is not None]
        found = flags.flags_for(shown, viewer=request.user)
        body = render_to_string("bookings/_calendar_body.html", {**context, "grids": grids, "flags": found})
        return body, _stale_at(start, length, timezone.now())

    body = cached_body(key, render_body)
    return render(request, "bookings/calendar.html", {**context, "body": mark_safe(body)})  # noqa: S308 (rendered by our template)
