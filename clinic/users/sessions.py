"""Idle sessions end: team accounts after TEAM_SESSION_IDLE_MINUTES and at browser close, clients later.

Team accounts see every client's records on shared reception screens, so their idle limit is short.
The limit is written into the session at login, so a request needs no role query to check it.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from . import backends
from .roles import is_team_account

LAST_SEEN = "_last_seen"  # when this session last made a request (Unix seconds)
IDLE_LIMIT = "_idle_limit"  # its idle limit in seconds
AT_BROWSER_CLOSE = "_ends_at_browser_close"
# The stamp (and so the session row) is rewritten at most this often, not on every request.
STAMP_EVERY_SECONDS = 60


def _stamp(session, now: float) -> None:
    session[LAST_SEEN] = now
    # 0: a cookie that ends with the browser; otherwise one that lasts as long as the idle limit.
    session.set_expiry(0 if session.get(AT_BROWSER_CLOSE) else session[IDLE_LIMIT])


def may_be_signed_in(request) -> bool:
    """False when nobody is signed in for certain: a session without a user id (Django's get_user gives
    AnonymousUser then), told without loading the user (anonymous pages skip that work; issue 16)."""
    return SESSION_KEY in request.session


@receiver(user_logged_in, dispatch_uid="clinic.users.sessions.start")
def start(sender, request, user, **kwargs) -> None:
    team = is_team_account(user)
    minutes = settings.TEAM_SESSION_IDLE_MINUTES if team else settings.CLIENT_SESSION_IDLE_MINUTES
    request.session.update({IDLE_LIMIT: minutes * 60, AT_BROWSER_CLOSE: team})
    _stamp(request.session, timezone.now().timestamp())


class SessionIdleMiddleware:
    """After AuthenticationMiddleware: log out a session idle past its limit, else note the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_be_signed_in(request):
            return self.get_response(request)
        session = request.session
        if session.get(BACKEND_SESSION_KEY) == backends.DJANGO_PATH:  # signed in before UserBackend: still signed in
            session[BACKEND_SESSION_KEY] = backends.PATH
        last_seen = session.get(LAST_SEEN)
        if last_seen is None and request.user.is_authenticated:
            start(None, request, request.user)  # a session from before these limits: they start now
        elif last_seen is not None and request.user.is_authenticated:
            now = timezone.now().timestamp()
            if now - last_seen > session.get(IDLE_LIMIT, 0):
                logout(request)  # the page then answers as for anyone logged out (login pages ask again)
            elif now - last_seen >= STAMP_EVERY_SECONDS:
                _stamp(session, now)
        return self.get_response(request)
