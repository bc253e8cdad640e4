"""The staff home: the day by time with what needs doing, tomorrow, and the clinic's to-do list.

Its body is rendered once per version of what it shows (bookings/grid_cache.py: the calendar's models, the
flag providers' sources, and the screenings and session notes it also reads), per kind of viewer and per
minute (outcome buttons appear as appointments begin), and shared by every worker through the cache. What the
to-do list shows of rows written past the signals (the outbox's and the backups' statuses) is read on every
request and is part of the key. The page around it (navigation, messages, the CSRF token) is each request's.
"""

from datetime import timedelta

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from bookings import flags
from bookings.grid_cache import cached_body, key_for, viewer_key
from clinic.access import artist_of, is_staff, team_required
from clinic.clock import local_today
from clinic.html import CSRF_SLOT, csrf_input_for

from .selectors import day_rows, to_do, unannounced_state


@team_required
def home(request):
    """Reception and managers see the whole clinic; an artist sees their own day, with the week a click away."""
    staff = is_staff(request.user)
    artist = None if staff else artist_of(request.user)
    today = local_today()
    state = unannounced_state() if staff else None
    key = key_for("home", today, viewer_key(request.user), flags.generation(), state)

    def render_body():
        now = timezone.now()
        context = {
            "today": today,
            "tomorrow": today + timedelta(days=1),
            "now": now,
            "artist": artist,
            "rows_today": day_rows(day=today, artist=artist),
            "rows_tomorrow": day_rows(day=today + timedelta(days=1), artist=artist),
            "todo": to_do(now=now) if staff else None,
            "csrf_slot": True,
        }
        # The next minute: an outcome button appears once its appointment has begun, answered quotes and
        # ended time off leave the list; the day itself changes at midnight (part of the key).
        return render_to_string("frontdesk/_home_body.html", context), now.replace(second=0, microsecond=0) + timedelta(
            minutes=1
        )

    body = cached_body(key, render_body)
    if CSRF_SLOT in body:  # outcome forms: this request's token (and its cookie), as {% csrf_token %} would
        body = body.replace(CSRF_SLOT, csrf_input_for(get_token(request)))
    return render(request, "frontdesk/home.html", {"artist": artist, "body": mark_safe(body)})  # noqa: S308 (ours, escaped)
