"""Who may see what. Every object page goes through these, so a wrong user gets a 404, never a peek.

Staff see everything; an artist sees their own calendar and the clients they have (had) an
appointment or plan with; a client sees only their own records.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404

from clinic.users import roles


def artist_of(user):
    return getattr(user, "artist", None) if user.is_authenticated else None


def is_staff(user) -> bool:
    return roles.is_staff_member(user)


def team_required(view):
    """Logged-in staff or artists; anyone else gets a 404 (the area's existence is not advertised)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (is_staff(request.user) or artist_of(request.user)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def visible_clients(user):
    from clients.models import Client
    from clients.selectors import visible_client_ids

    if is_staff(user):
        return Client.objects.all()
    if artist := artist_of(user):
        return Client.objects.filter(pk__in=visible_client_ids(artist))
    if user.is_authenticated:
        return Client.objects.filter(user=user)
    return Client.objects.none()


def visible_appointments(user):
    from bookings.models import Appointment

    if is_staff(user):
        return Appointment.objects.all()
    if artist := artist_of(user):
        return Appointment.objects.filter(artist=artist)
    if user.is_authenticated:
        return Appointment.objects.filter(client__user=user)
    return Appointment.objects.none()


def visible_plans(user):
    from bookings.models import TreatmentPlan

    if is_staff(user):
        return TreatmentPlan.objects.all()
    if artist := artist_of(user):
        return TreatmentPlan.objects.filter(artist=artist)
    if user.is_authenticated:
        return TreatmentPlan.objects.filter(client__user=user)
    return TreatmentPlan.objects.none()


def visible_artists(user):
    """Whose calendars a user may open: staff all, an artist only their own."""
    from bookings.models import Artist

    if is_staff(user):
        # An artist who has left still shows while they have appointments to move.
        from django.utils import timezone

        upcoming = Q(appointments__status="booked", appointments__start__gte=timezone.now())
        return Artist.objects.filter(pk__in=Artist.objects.filter(Q(is_active=True) | upcoming).values("pk"))
    if artist := artist_of(user):
        return Artist.objects.filter(pk=artist.pk)
    return Artist.objects.none()


@login_required
def after_login(request):
    """Send each role to its own start page."""
    from django.shortcuts import redirect

    if is_staff(request.user) or artist_of(request.user):
        return redirect("bookings:calendar")
    return redirect("clients:portal")


def visible_quotes(user):
    """Staff all; an artist their clients' quotes (read-only); a client their own issued quotes."""
    from quotes.models import Quote

    if is_staff(user):
        return Quote.objects.all()
    if artist_of(user):
        return Quote.objects.filter(client__in=visible_clients(user))
    if user.is_authenticated:
        return Quote.objects.filter(client__user=user).exclude(status=Quote.Status.DRAFT)
    return Quote.objects.none()
