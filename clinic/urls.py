from django.contrib import admin
from django.urls import include, path

from bookings.api import api
from clinic import devmail
from clinic.health import live
from clinic.users.views import after_login

urlpatterns = [
    # The clinic's public pages: home, privacy notice, artists' photos, /favicon.ico.
    path("", include("website.urls")),
    path("healthz/", live, name="healthz"),
    path("", include("ops.urls")),  # /health/, /metrics (monitors)
    # The public API first: its availability endpoint is the hottest path (URL resolution is in order).
    path("api/v1/", api.urls),
    path("accounts/start/", after_login, name="after_login"),
    path("", include("bookings.urls")),
    path("", include("photos.urls")),  # photos: the access-checked files, session photos, comparison
    path("", include("clients.urls")),
    path("", include("quotes.urls")),
    path("", include("aftercare.urls")),
    path("", include("payments.urls")),
    path("", include("payments.stripe.urls")),  # pay online, Stripe's webhook
    path("", include("payments.policy.urls")),  # /payments/policy/: waiving a late-cancellation charge
    path("", include("intake.urls")),
    path("", include("outbox.urls")),
    path("", include("portal.urls")),
    path("", include("portal.account_urls")),  # password reset (clients and the team)
    path("", include("records.urls")),
    path("", include("frontdesk.urls")),  # /staff/: the staff home
    # Login, two-step login, account page, password change; the admin login's rate limit.
    path("", include("clinic.users.urls")),
    path("admin/", admin.site.urls),
    # Development only (DEV_MAIL_VIEWER, `make run`): a 404 anywhere else.
    path("dev/mail/", devmail.mail_list, name="devmail_list"),
    path("dev/mail/<str:name>/", devmail.mail_detail, name="devmail_detail"),
    path("dev/mail/<str:name>/html/", devmail.mail_html, name="devmail_html"),
]

handler404 = "clinic.errors.not_found"
