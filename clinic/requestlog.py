"""One log line per request, at its end: method, view, status, duration, request id, user id.

Never the query string, a body, an e-mail or a secret link: the view's *name* stands for the path
(`bookings:manage`, not `/bookings/<token>/`); only a path no view matches (a 404) is logged as it is.
Outermost middleware, so the duration covers all the others and every response echoes the id.
Cheap on purpose (issue 16 measures middleware cost): a clock read, a context variable, one line
(written straight to its handler where logging would hand it to the JSON console one: clinic/requestline.py).
"""

import logging
import time

from django.conf import settings
from django.core.signals import request_finished
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject, empty

from clinic.requestid import HEADER, accept_or_new, bind, unbind
from clinic.requestline import log_request

logger = logging.getLogger("clinic.request")
MAX_PATH = 200
request_finished.connect(unbind, dispatch_uid="clinic.requestid.unbind")


def known_user_id(request) -> int | None:
    """The signed-in user's id if this request already loaded them; never a session query just to log."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    if user is None or not user.is_authenticated:
        return None
    return user.pk


def view_name(request) -> str:
    """The matched view's name; for a request stopped before URL resolution (a redirect, a middleware's
    error), the name its path resolves to; only a path no view matches (a 404) is given as it is."""
    if request.resolver_match is not None:
        return request.resolver_match.view_name
    path = request.path_info
    # Also as CommonMiddleware's APPEND_SLASH redirect would resolve it.
    for candidate in (path,) if path.endswith("/") else (path, path + "/"):
        try:
            return resolve(candidate, getattr(request, "urlconf", None)).view_name
        except Resolver404:
            continue
    return request.path[:MAX_PATH]


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.log_requests = settings.LOG_REQUESTS

    def __call__(self, request):
        started = time.perf_counter()
        request_id = accept_or_new(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        bind(request_id)  # until request_finished (unbind)
        response = self.get_response(request)
        response[HEADER] = request_id
        if self.log_requests:
            self.log(request, response, started)
        return response

    def log(self, request, response, started: float) -> None:
        log_request(
            logger,
            method=request.method,
            view=view_name(request),
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
            user_id=known_user_id(request),
        )
