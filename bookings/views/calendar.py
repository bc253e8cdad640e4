"""Artists' calendars: day and week views, time off, and the private iCal feed."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic.access import artist_of, team_required
from clinic.clock import local_today

from ..forms import TimeOffForm
from ..ics import artist_feed
from ..models import Artist, TimeOff
from ..selectors import calendar_days, clashes_with
from ..services import add_time_off, regenerate_calendar_secret


def _parse_day(raw: str | None) -> date:
    """A date from the query string; anything unparsable or absurd (year 1 or 9999) means today."""
    today = local_today()
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        return today
    return day if abs((day - today).days) <= 3660 else today


@team_required
def calendar(request):
    view = "day" if request.GET.get("view") == "day" else "week"
    day = _parse_day(request.GET.get("date"))
    start = day if view == "day" else day - timedelta(days=day.weekday())
    length = 1 if view == "day" else 7
    artists = Artist.objects.visible_to(request.user).order_by("display_name")
    if request.GET.get("artist"):
        wanted = request.GET["artist"]
        artists = artists.filter(pk=int(wanted)) if wanted.isascii() and wanted.isdigit() else artists.none()
    step = timedelta(days=length)
    context = {
        "view": view,
        "days": calendar_days(start_date=start, days=length, artists=artists),
        "start": start,
        "previous": start - step,
        "next": start + step,
        "today": local_today(),
        "all_artists": Artist.objects.visible_to(request.user).order_by("display_name"),
        "artist_filter": request.GET.get("artist", ""),
    }
    return render(request, "bookings/calendar.html", context)


@team_required
def time_off_new(request):
    artists = Artist.objects.visible_to(request.user).order_by("display_name")
    form = TimeOffForm(request.POST or None, artists=artists)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        time_off, clashes = add_time_off(
            artist=data["artist"], start=data["start"], end=data["end"], reason=data["reason"]
        )
        if clashes:
            messages.warning(request, f"Time off added. {len(clashes)} appointment(s) fall in it and need moving.")
            return redirect("bookings:time_off", pk=time_off.pk)  # (a refresh can't add it twice)
        messages.success(request, "Time off added.")
        return redirect(reverse("bookings:calendar") + f"?date={local_today(now=data['start']).isoformat()}")
    return render(request, "bookings/time_off_new.html", {"form": form}, status=422 if form.errors else 200)


@team_required
def time_off_detail(request, pk: int):
    time_off = get_object_or_404(TimeOff.objects.filter(artist__in=Artist.objects.visible_to(request.user)), pk=pk)
    return render(request, "bookings/time_off_detail.html", {"time_off": time_off, "clashes": clashes_with(time_off)})


@team_required
def feed_settings(request):
    artist = artist_of(request.user)
    if artist is None:
        raise Http404
    url = request.build_absolute_uri(reverse("bookings:feed", args=[artist.calendar_secret]))
    return render(request, "bookings/feed_settings.html", {"artist": artist, "feed_url": url})


@require_POST
@team_required
def feed_regenerate(request):
    artist = artist_of(request.user)
    if artist is None:
        raise Http404
    regenerate_calendar_secret(artist=artist)
    messages.success(request, "New calendar address created; the old one no longer works.")
    return redirect("bookings:feed_settings")


def feed(request, secret: str):
    artist = Artist.objects.filter(calendar_secret=secret, is_active=True).first()
    if artist is None:
        raise Http404
    response = HttpResponse(artist_feed(artist), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
