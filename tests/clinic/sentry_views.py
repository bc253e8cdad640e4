"""A view that fails while holding a client's personal and health data (tests/clinic/test_sentry.py)."""

import logging

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from clinic.urls import urlpatterns as site_urls

NAME = "Philippa Quennell-Marsh"
EMAIL = "p.quennell@example.org"
PHONE = "07700900461"
SCREENING_ANSWER = "keloid scarring on the crown"

logger = logging.getLogger("clinic.test.sentry")


@csrf_exempt
def fail_with_personal_data(request, email):
    client_name = request.POST.get("full_name", NAME)
    client_email = request.GET.get("email", EMAIL)
    client_phone = request.GET.get("phone", PHONE)
    screening = {"scarring": request.POST.get("screening", SCREENING_ANSWER)}
    logger.warning("looking up %s (%s)", client_email, client_phone)  # a breadcrumb
    logger.error("could not book %s: %s", client_name, screening)  # an event of its own
    # As a database error does: its message quotes the row.
    raise ValueError(f"Key (email)=({client_email}) already exists for {client_name}, {client_phone}, {screening}")


# The site's own URLs too: the 500 page links to them.
urlpatterns = [path("clients/<str:email>/fail/", fail_with_personal_data), *site_urls]
