"""Team accounts finish two-step login before any other page (after django-otp's OTPMiddleware)."""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import roles, two_step
from .sessions import may_be_signed_in


class TeamOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_be_signed_in(request):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(settings.STATIC_URL):
            target = self._detour(request, user)
            if target and request.path not in (target, reverse("logout")):
                return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _detour(request, user) -> str | None:
        # Only team accounts can enrol, so a device alone says "ask for the code".
        if roles.has_confirmed_device(user):
            return reverse("two_step_verify")
        if two_step.required_for(user):
            return reverse("two_step")
        return None
