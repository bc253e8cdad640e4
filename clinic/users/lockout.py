"""django-axes hooks: one username however it is typed, and a clear "try again in N minutes" page."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def username_of(request, credentials: dict | None) -> str | None:
    """E-mail logins are case-insensitive, so the lockout counts them the same way."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field) or ""
    return username.strip().lower() or None


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)
