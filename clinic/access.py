"""Who is who, and the decorators every team page goes through (a wrong user gets a 404, never a peek).

What each role may see of a model is next to the model: each app's QuerySet has `visible_to(user)`.
Staff see everything; an artist sees their own calendar and the clients they have (had) an
appointment or plan with; a client sees only their own records.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from clinic.users import roles


def artist_of(user):
    """The user's artist profile (the reverse one-to-one of `bookings.Artist.user`), or None."""
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


def is_manager(user) -> bool:
    """Staff in the Manager group (or a superuser): the owner's figures are theirs."""
    return is_staff(user) and roles.has_role(user, roles.MANAGER)


def manager_required(view):
    """Managers only; anyone else logged in gets a 404 (reception does not learn the page exists)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_manager(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
