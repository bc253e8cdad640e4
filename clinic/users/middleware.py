"""Team accounts finish two-step login before any other page (after django-otp's OTPMiddleware)."""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_step
from .roles import is_team_account


class TeamOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(settings.STATIC_URL):
            target = self._detour(request, user)
            if target and request.path not in (target, reverse("logout")):
                return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _detour(request, user) -> str | None:
        # Only team accounts can enrol, so a device alone says "ask for the code".
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return reverse("two_step_verify")
        if two_step.required_for(user):
            return reverse("two_step")
        return None


LAST_SEEN = "_last_seen"  # session key: when this session last made a request (Unix seconds)
IDLE_LIMIT = "_idle_limit"  # session key: its idle limit in seconds, kept so a request needs no role query
# The stamp (and the session row) is rewritten at most this often, not on every request.
STAMP_EVERY_SECONDS = 60


def idle_limit_seconds(user) -> int:
    minutes = settings.TEAM_SESSION_IDLE_MINUTES if is_team_account(user) else settings.CLIENT_SESSION_IDLE_MINUTES
    return minutes * 60


class SessionIdleMiddleware:
    """Log out a session left idle too long; team sessions also end when the browser closes.

    Team accounts see every client's records on shared reception screens, so their idle limit is short;
    clients' is longer. Runs after AuthenticationMiddleware (and before the two-step detour).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now().timestamp()
        last_seen = request.session.get(LAST_SEEN) if request.user.is_authenticated else None
        if last_seen is not None and now - last_seen > request.session.get(IDLE_LIMIT, 0):
            logout(request)  # the page then answers as for anyone logged out (login pages ask again)
            last_seen = None
        response = self.get_response(request)
        user = getattr(request, "user", None)  # a login in this request counts as activity
        stale = last_seen is None or now - last_seen >= STAMP_EVERY_SECONDS
        if stale and user is not None and user.is_authenticated:
            limit = idle_limit_seconds(user)
            request.session.update({LAST_SEEN: now, IDLE_LIMIT: limit})
            # 0: a cookie that ends with the browser; otherwise it lasts as long as the idle limit.
            request.session.set_expiry(0 if is_team_account(user) else limit)
        return response
