"""A page rendered once for every anonymous visitor, with only the CSRF token their own.

The booking page of a signed-out visitor with no pending messages depends on nothing of theirs but the
CSRF token: it is rendered with a placeholder token, kept like the availability answers (per calendar
version, until the clock makes it stale: bookings/availability_cache.py), and each response gets the
visitor's own masked token (get_token, which also sets their CSRF cookie). No CSP nonce is in the page
(the policy uses none), so nothing else is per visitor.
"""

import hashlib

from django.http import HttpResponse
from django.middleware.csrf import get_token

from clinic.messages import has_messages
from clinic.users.sessions import may_be_signed_in

from ..availability_cache import cached_answer

# What {% csrf_token %} writes in the shared render; never a real token (those are 64 letters/digits).
CSRF_PLACEHOLDER = "--csrf-token-of-this-visitor--"


def shareable(request) -> bool:
    """A GET by a signed-out visitor with no message waiting for them: what they see is everyone's page."""
    # A session that may hold a signed-in user is rendered for them (not even the user is loaded otherwise).
    if request.method != "GET" or may_be_signed_in(request):
        return False
    return not has_messages(request)


def shared_response(request, *, name: str, params: dict[str, str], render) -> HttpResponse:
    """The page `render(csrf_token)` returns as (html, stale_at), shared under `name` and `params`."""
    raw = "\n".join([request.path, *(f"{k}={v}" for k, v in sorted(params.items()))])
    key = f"page:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"

    def compute():
        html, stale_at = render(CSRF_PLACEHOLDER)
        return html.encode(), stale_at

    body = cached_answer(key, compute)
    return HttpResponse(body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode(), 1))
