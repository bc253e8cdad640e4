"""Response rules every page shares: unused HTTP methods refused, personal pages never stored by caches.

Permissions-Policy (camera, microphone, …) is django-permissions-policy's, configured in the settings.
"""

from django.http import HttpResponseNotAllowed

from clinic.users.sessions import may_be_signed_in

# What the site's pages, forms and API use; TRACE, PUT, DELETE … get a 405 before any view runs.
ALLOWED_METHODS = ("GET", "HEAD", "POST")

# Signed-link pages (manage a booking, a quote and its PDF, an aftercare schedule, a login link, an
# artist's calendar feed) show one person's data to whoever holds the link: URL arguments named so.
SECRET_URL_ARGUMENTS = frozenset({"token", "secret"})
PRIVATE_CONTENT_TYPES = ("application/pdf", "text/calendar")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers its own 405s, with the Allow header of each endpoint (what its schema documents).
        if request.method not in ALLOWED_METHODS and not request.path_info.startswith("/api/"):
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


def is_private(request, response) -> bool:
    """Whether the page may show personal or health data: to a logged-in user, or behind a secret link."""
    user = getattr(request, "user", None)
    # A session without a user id is nobody's: no need to load the user to know (issue 16).
    if user is not None and (not hasattr(request, "session") or may_be_signed_in(request)) and user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None and SECRET_URL_ARGUMENTS & match.kwargs.keys():
        return True
    return response.get("Content-Type", "").startswith(PRIVATE_CONTENT_TYPES)


class PrivatePagesMiddleware:
    """`Cache-Control: no-store, private` on personal pages (after AuthenticationMiddleware).

    No browser history cache, shared proxy or back button on a reception computer keeps a copy; public
    pages for anonymous visitors keep whatever caching they have.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            response["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        return response
