"""Artists' calendars: time off and the private iCal feed (the grid itself: views/grid.py)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic.access import artist_of, team_required
from clinic.clock import local_today
from clinic.plurals import count

from ..errors import BookingError
from ..forms import TimeOffForm
from ..grid_forms import TimeOffChangeForm
from ..ics import artist_feed
from ..models import Artist, TimeOff
from ..selectors import clashes_with
from ..services import add_time_off, change_time_off, regenerate_calendar_secret, remove_time_off


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
            messages.warning(request, f"Time off added. {_inside(clashes)}")
            return redirect("bookings:time_off", pk=time_off.pk)  # (a refresh can't add it twice)
        messages.success(request, "Time off added.")
        return redirect(reverse("bookings:calendar") + f"?date={local_today(now=data['start']).isoformat()}")
    return render(request, "bookings/time_off_new.html", {"form": form}, status=422 if form.errors else 200)


def _inside(clashes) -> str:
    falls = "falls" if len(clashes) == 1 else "fall"
    return f"{count(len(clashes), 'appointment')} {falls} in it and need{'s' if len(clashes) == 1 else ''} moving."


def _time_off_for(request, pk: int) -> TimeOff:
    """Staff: anyone's; an artist: their own (anyone else's is a 404)."""
    return get_object_or_404(TimeOff.objects.filter(artist__in=Artist.objects.visible_to(request.user)), pk=pk)


def _day_url(moment) -> str:
    return reverse("bookings:calendar") + f"?view=day&date={local_today(now=moment).isoformat()}"


@team_required
def time_off_detail(request, pk: int):
    """Time off, what falls inside it, and (the artist's own, or anyone's for staff) a change to it."""
    time_off = _time_off_for(request, pk)
    initial = {"start": time_off.start, "end": time_off.end, "reason": time_off.reason}
    form = TimeOffChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            time_off, clashes = change_time_off(
                time_off_id=time_off.pk, start=data["start"], end=data["end"], reason=data["reason"]
            )
        except BookingError as error:
            form.add_error("end", error.message)
        else:
            if clashes:
                messages.warning(request, f"Time off changed. {_inside(clashes)}")
                return redirect("bookings:time_off", pk=time_off.pk)
            messages.success(request, "Time off changed.")
            return redirect(_day_url(time_off.start))
    context = {"time_off": time_off, "clashes": clashes_with(time_off), "form": form}
    return render(request, "bookings/time_off_detail.html", context, status=422 if form.errors else 200)


@require_POST
@team_required
def time_off_remove(request, pk: int):
    time_off = _time_off_for(request, pk)
    remove_time_off(time_off_id=time_off.pk)
    messages.success(request, "Time off removed.")
    return redirect(_day_url(time_off.start))


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
