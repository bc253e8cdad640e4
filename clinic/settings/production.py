"""Production: the same settings, hardened; secrets must come from the environment.

deploy/clinic.env.example documents the environment (docs/DEPLOY.md the rest).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BEAT_SCHEDULE, DEVELOPMENT_SECRET_KEY, email_config, env, logging_config, schedule_backups

# Without these a server would quietly use the development ones (a local database, an open host list).
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
if missing := [name for name in REQUIRED if not os.environ.get(name)]:
    raise ImproperlyConfigured(
        f"Production needs these environment variables, missing: {', '.join(missing)} "
        "(see deploy/clinic.env.example and docs/DEPLOY.md)"
    )
SECRET_KEY = env("SECRET_KEY")
# A key anyone can read in the repository (or too short to be random) would let them forge sessions and links.
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random production key (50 characters or more), not the development one"
    )
DEBUG = False

# Online payments: with Stripe on, both keys are needed (the webhook can't be verified without its secret).
PAYMENTS_PROVIDER = env("PAYMENTS_PROVIDER", default="none")
if PAYMENTS_PROVIDER not in ("none", "stripe"):
    raise ImproperlyConfigured(f"PAYMENTS_PROVIDER must be 'none' or 'stripe', not {PAYMENTS_PROVIDER!r}")
if PAYMENTS_PROVIDER == "stripe" and (
    missing := [name for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET") if not os.environ.get(name)]
):
    raise ImproperlyConfigured(
        f"PAYMENTS_PROVIDER=stripe needs {' and '.join(missing)} (see docs/DEPLOY.md, Online payments)"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
vars().update(email_config("smtp+tls://localhost:587"))

# The daily backup runs in production unless BACKUP_SCHEDULE_ENABLED says otherwise.
BACKUP_SCHEDULE_ENABLED = env.bool("BACKUP_SCHEDULE_ENABLED", default=True)
schedule_backups(CELERY_BEAT_SCHEDULE, enabled=BACKUP_SCHEDULE_ENABLED, at=env("BACKUP_TIME", default="03:00"))

# JSON lines on stderr (journald or the platform collects them); LOG_FORMAT=text to read them by eye.
LOGGING = logging_config(env("LOG_FORMAT", default="json"))

# Error reports (clinic/sentry.py): only with a DSN, scrubbed of personal and health data.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from clinic.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )
