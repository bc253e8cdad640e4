"""Settings shared by every mode; every value comes from the environment (django-environ)."""

from copy import deepcopy
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote_plus

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from clinic.logformat import JSON_FORMATTER, TEXT_FORMATTER
from clinic.schedules import ClinicCrontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional local overrides

# Development only: production refuses to start with it (clinic/settings/production.py).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

CLINIC_NAME = env("CLINIC_NAME", default="Northline Scalp Studio")
CLINIC_ADDRESS = env("CLINIC_ADDRESS", default="12 Example Street, Manchester M1 1AA")
CLINIC_PHONE = env("CLINIC_PHONE", default="0161 496 0000")
CLINIC_EMAIL = env("CLINIC_EMAIL", default="hello@northline.example")
# Where "Directions" links go: a map search for the address unless the clinic gives its own link.
CLINIC_MAP_URL = env(
    "CLINIC_MAP_URL", default="https://www.google.com/maps/search/?api=1&query=" + quote_plus(CLINIC_ADDRESS)
)
CLINIC_TIME_ZONE = env("CLINIC_TIME_ZONE", default="Europe/London")
# Absolute base for links in e-mails (no request there).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Default region for phone numbers typed without +CC.
PHONE_REGION = env("PHONE_REGION", default="GB")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "ninja",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
]
# Ours, bottom layer first (docs/ARCHITECTURE.md): an app imports only from the apps above it here.
OUR_APPS = [
    "clinic.users",
    "clients",
    "outbox",
    "bookings",
    "photos",
    "quotes",
    "aftercare",
    "payments",
    "payments.stripe",
    "intake",
    "portal",
    "records",
    "website",
    "ops",
    "frontdesk",
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + OUR_APPS

MIDDLEWARE = [
    # First: the request id (X-Request-ID) for every log record, and one log line per request at its end.
    "clinic.requestlog.RequestLogMiddleware",
    # The hottest anonymous GETs (LEAN_ROUTES) go on through the middleware below less LEAN_ROUTE_SKIPS.
    "clinic.leanroutes.LeanRouteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # TRACE and other methods no page uses: 405. Permissions-Policy header (PERMISSIONS_POLICY below).
    "clinic.headers.AllowedMethodsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "clinic.csp.ClinicCSPMiddleware",  # django-csp's, with the admin's one inline style allowed by hash
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store, private on pages with personal data (logged in, signed links, PDFs).
    "clinic.headers.PrivatePagesMiddleware",
    # Two-step login: request.user.is_verified(); team accounts with a device must verify first.
    "django_otp.middleware.OTPMiddleware",
    # Idle sessions logged out (team: 30 minutes and at browser close; clients: longer).
    "clinic.users.sessions.SessionIdleMiddleware",
    "clinic.users.middleware.TeamOTPMiddleware",
    # Records the signed-in user on history rows (audit trail).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Django's MessageMiddleware, its storage built only for a request that uses messages.
    "clinic.messages.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx: the booking pages answer an htmx request with the part it swaps.
    "django_htmx.middleware.HtmxMiddleware",
    # Login lockout (django-axes); last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
    # A GET whose database connection dropped mid-request (a PostgreSQL restart) is answered again.
    "clinic.db.middleware.RetryOnLostConnectionMiddleware",
]

# A GET of one of these paths without a session cookie, in the form the route accepts (clinic/leanroutes.py),
# skips the middleware that cannot change its answer; anything else takes the full chain to the URL's view.
LEAN_ROUTES = {"/api/v1/availability": "bookings.api_lean.availability"}
LEAN_ROUTE_SKIPS = {
    "clinic.headers.AllowedMethodsMiddleware",  # lean routes are GET only
    "whitenoise.middleware.WhiteNoiseMiddleware",  # answers STATIC_URL paths only
    "django.middleware.csrf.CsrfViewMiddleware",  # checks no GET; a lean route asks for no token
    # Without a session cookie nobody is signed in: nothing to verify, stamp, detour or record a user for.
    "django_otp.middleware.OTPMiddleware",
    "clinic.users.sessions.SessionIdleMiddleware",
    "clinic.users.middleware.TeamOTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "clinic.messages.LazyMessageMiddleware",  # a storage nobody touches saves nothing
    "django_htmx.middleware.HtmxMiddleware",  # only sets request.htmx, which a lean route doesn't read
    "axes.middleware.AxesMiddleware",  # answers locked-out login attempts only
}

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
            ],
            # {% load nav %}: the main navigation, kept per kind of viewer (clinic/nav.py).
            "libraries": {"nav": "clinic.nav"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/clinic"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django's PostgreSQL backend that retries a refused new connection for this long (a restart's gap).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "clinic.db"
DB_CONNECT_RETRY_SECONDS = env.float("DB_CONNECT_RETRY_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works once, for an hour (portal.messages says so)

# Axes first: it refuses a locked-out username+IP before any password is checked.
# Django's ModelBackend, the signed-in user loaded with their groups and two-step device in one query.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "clinic.users.backends.UserBackend"]
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one IP,
# that pair is refused for AXES_COOLOFF_MINUTES (HTTP 429); a successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login forms' field name (it holds the e-mail address)
AXES_USERNAME_CALLABLE = "clinic.users.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "clinic.users.lockout.locked_out"
# Behind proxies that append to X-Forwarded-For: how many (0: use REMOTE_ADDR). One setting for the
# lockout (django-ipware's proxy count) and the rate limits (clinic.ratelimits.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# Per-IP limit on login posts (all usernames together), on top of the lockout.
LOGIN_RATE_LIMIT = env("LOGIN_RATE_LIMIT", default="30/h")
# Two-step login (django-otp, TOTP): optional for team accounts unless this forces it. Clients never.
STAFF_REQUIRE_TOTP = env.bool("STAFF_REQUIRE_TOTP", default=False)
# Managers (and admins) must use it unless this is turned off.
MANAGER_REQUIRE_TOTP = env.bool("MANAGER_REQUIRE_TOTP", default=True)
# Sessions (clinic.users.sessions): team accounts are logged out after this many
# idle minutes and when the browser closes; clients after their own, longer, idle period.
TEAM_SESSION_IDLE_MINUTES = env.int("TEAM_SESSION_IDLE_MINUTES", default=30)
CLIENT_SESSION_IDLE_MINUTES = env.int("CLIENT_SESSION_IDLE_MINUTES", default=24 * 60)
# The server-side lifetime of a session row: the longest idle period (team rows are ended sooner).
SESSION_COOKIE_AGE = CLIENT_SESSION_IDLE_MINUTES * 60
# Django's database sessions, read with one precompiled query (clinic/users/session_store.py).
SESSION_ENGINE = "clinic.users.session_store"
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default=CLINIC_NAME)

# Content-Security-Policy (django-csp): same-origin only, no inline script or style anywhere.
# data: images for the two-step login QR code (an inline SVG).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Permissions-Policy (django-permissions-policy): browser features no page of ours needs, off everywhere.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}

LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
TIME_ZONE = CLINIC_TIME_ZONE  # display zone; the database stores UTC

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (quote PDFs): local disk by default; e.g. "storages.backends.s3.S3Storage" with
# django-storages and its AWS_* settings for S3-compatible storage in production.
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "media/"

# Backups (ops/backups/, `make backup` / `make restore`): archives go to the "backups" storage, a directory
# (BACKUP_ROOT) by default; S3-compatible with django-storages: BACKUP_STORAGE_BACKEND=storages.backends.s3.S3Storage
# and BACKUP_S3_BUCKET, BACKUP_S3_ENDPOINT_URL, BACKUP_S3_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
BACKUP_ROOT = env.path("BACKUP_ROOT", default=BASE_DIR / "var" / "backups")
BACKUP_STORAGE_BACKEND = env("BACKUP_STORAGE_BACKEND", default="ops.backups.storage.AtomicFileSystemStorage")
BACKUP_STORAGE_OPTIONS = (
    {"location": str(BACKUP_ROOT)}
    if BACKUP_STORAGE_BACKEND.endswith("FileSystemStorage")
    else {
        "bucket_name": env("BACKUP_S3_BUCKET", default=""),
        "endpoint_url": env("BACKUP_S3_ENDPOINT_URL", default=None),
        "region_name": env("BACKUP_S3_REGION", default=None),
        "location": env("BACKUP_S3_PREFIX", default=""),
        "default_acl": None,
        "file_overwrite": False,
    }
)
STORAGES["backups"] = {"BACKEND": BACKUP_STORAGE_BACKEND, "OPTIONS": BACKUP_STORAGE_OPTIONS}
# Directory of pg_dump / pg_restore; empty: the first one found (PATH, /usr/lib/postgresql/*/bin, the embedded
# server's) whose major version is at least the server's.
PG_BIN_DIR = env("PG_BIN_DIR", default="")
# age encryption (pyrage): archives are encrypted to these x25519 public keys (age1…) when any are given;
# restore reads the matching secret key (AGE-SECRET-KEY-1…) from the file BACKUP_AGE_IDENTITY.
BACKUP_AGE_RECIPIENTS = env.list("BACKUP_AGE_RECIPIENTS", default=[])
BACKUP_AGE_IDENTITY = env("BACKUP_AGE_IDENTITY", default="")
# Where an archive is put together before it is stored (empty: the system's temporary directory).
BACKUP_WORK_DIR = env("BACKUP_WORK_DIR", default="") or None
# Daily from Celery beat (production turns it on) at this clinic time; then keep the newest N daily and M
# weekly (the last of each ISO week) archives and delete the rest from the storage.
BACKUP_SCHEDULE_ENABLED = env.bool("BACKUP_SCHEDULE_ENABLED", default=False)
BACKUP_TIME = env("BACKUP_TIME", default="03:00")
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
# A backup is overdue (admin index warning, health) when the last one finished longer ago than this.
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=26)
BACKUP_TASK_TIME_LIMIT = env.int("BACKUP_TASK_TIME_LIMIT", default=4 * 60 * 60)

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "clinic.cache.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": "clinic",
    }
}

# E-mail: console in development, SMTP (smtp+tls://user:pass@host:587) in production.
# Django's SMTP and file backends are swapped for subclasses (clinic/mail.py) that can hold a reminder
# back until its "sent" mark is committed, so a worker killed mid-send neither loses nor repeats it.
STAGED_EMAIL_BACKENDS = {
    "django.core.mail.backends.smtp.EmailBackend": "clinic.mail.SMTPBackend",
    "django.core.mail.backends.filebased.EmailBackend": "clinic.mail.FileBackend",
}


def email_config(default: str) -> dict:
    config = env.email_url("EMAIL_URL", default=default)
    config["EMAIL_BACKEND"] = STAGED_EMAIL_BACKENDS.get(config["EMAIL_BACKEND"], config["EMAIL_BACKEND"])
    return config


vars().update(email_config("consolemail://"))
# The e-mails sent, readable at /dev/mail/ (clinic/devmail.py): development only, see local.py.
DEV_MAIL_VIEWER = False
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{CLINIC_NAME} <{CLINIC_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: JSON only, bounded tasks, results not needed (state lives in Postgres).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="clinic")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Only broker round trips are retried here; a message that can't be published stays in the outbox.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Reminders: the dispatcher runs every minute (seconds; tests use less).
REMINDER_DISPATCH_SECONDS = env.float("REMINDER_DISPATCH_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "expire-quotes": {"task": "quotes.tasks.expire_old_quotes", "schedule": 60 * 60},
    # Receipts whose PDF task was lost (a broker down when the payment committed): stored and e-mailed late.
    "store-missing-receipts": {"task": "payments.tasks.store_missing_receipts", "schedule": 5 * 60},
    "dispatch-reminders": {
        "task": "outbox.tasks.dispatch_due_reminders",
        "schedule": REMINDER_DISPATCH_SECONDS,
        # A run that could not start in time is replaced by the next one, not queued up behind it.
        "options": {"expires": REMINDER_DISPATCH_SECONDS},
    },
    # Session-1 holds whose deposit was not paid in time (payments/policy/holds.py).
    "release-unpaid-deposit-holds": {
        "task": "payments.policy.tasks.release_unpaid_deposit_holds",
        "schedule": 5 * 60,
        "options": {"expires": 5 * 60},
    },
}


def schedule_backups(schedule: dict, *, enabled: bool, at: str) -> None:
    """Add the daily backup at `at` (HH:MM) clinic time; beat's clock is UTC, so the crontab keeps its own zone."""
    if not enabled:
        return
    hour, minute = (int(part) for part in at.split(":"))
    schedule["backup-daily"] = {
        "task": "ops.tasks.backup_daily",
        "schedule": ClinicCrontab(hour=hour, minute=minute),
        # Missed by more than a day (beat was down): the next day's run is the one that counts.
        "options": {"expires": 23 * 60 * 60},
    }


schedule_backups(CELERY_BEAT_SCHEDULE, enabled=BACKUP_SCHEDULE_ENABLED, at=BACKUP_TIME)

# Public booking: per-IP rate limit (django-ratelimit syntax) for form and API posts.
BOOKING_RATE_LIMIT = env("BOOKING_RATE_LIMIT", default="10/h")
# The online intake (/bookings/<token>/intake/): saves per step and photo uploads, per IP.
INTAKE_RATE_LIMIT = env("INTAKE_RATE_LIMIT", default="120/h")
# The "please fill in your intake form" e-mail, this many hours before the consultation (0: none).
INTAKE_REMINDER_HOURS = env.int("INTAKE_REMINDER_HOURS", default=48)
RATELIMIT_VIEW = None
RATELIMIT_IP_META_KEY = "clinic.ratelimits.client_ip"

# Readiness (/health/, ops/health/): when a component counts as down.
HEALTH_REDIS_TIMEOUT_SECONDS = env.float("HEALTH_REDIS_TIMEOUT_SECONDS", default=0.5)  # connect, and answer
HEALTH_WORKER_MAX_AGE_SECONDS = env.int("HEALTH_WORKER_MAX_AGE_SECONDS", default=30)  # workers beat every 2 s
HEALTH_OUTBOX_MAX_AGE_MINUTES = env.int("HEALTH_OUTBOX_MAX_AGE_MINUTES", default=15)  # oldest due message
# Prometheus metrics at /metrics (ops/metrics/): off unless enabled, then only for the token and/or the
# networks given (both when both are set; neither set: nobody). Refusals answer 404, like a disabled one.
METRICS_ENABLED = env.bool("METRICS_ENABLED", default=False)
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])  # CIDRs, e.g. 10.0.0.0/8,127.0.0.1/32
# Monitors may ask a web node straight over HTTP (not through the TLS proxy): no HTTPS redirect for
# them where production turns SECURE_SSL_REDIRECT on. /metrics still needs its token or network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^health/$", r"^metrics$"]
if METRICS_ENABLED:
    # Outermost, so the latency is the whole request's; other deployments don't run it at all.
    MIDDLEWARE = ["ops.metrics.middleware.RequestMetricsMiddleware", *MIDDLEWARE]


def logging_config(log_format: str) -> dict:
    """Logs to stderr: JSON lines ("json", production) or readable text ("text"), each with its request id."""
    formatters = {"text": TEXT_FORMATTER, "json": JSON_FORMATTER}  # request_id: an extra, from the filter
    if log_format not in formatters:
        raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "clinic.requestid.RequestIdFilter"}},
        "formatters": {log_format: deepcopy(formatters[log_format])},  # dictConfig pops keys from it
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO").upper()},
        # Django adds its own console handler in DEBUG; let its records reach the root handler only.
        "loggers": {"django": {"handlers": [], "propagate": True}},
    }


LOGGING = logging_config(env("LOG_FORMAT", default="text"))
# The one line per request (clinic/requestlog.py); off only to measure what it costs.
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=True)

# Quotes: the clinic's price band, VAT and deposit (amounts in GBP; Decimal in code).
QUOTE_MIN_TOTAL = env("QUOTE_MIN_TOTAL", default="900.00")
QUOTE_MAX_TOTAL = env("QUOTE_MAX_TOTAL", default="3000.00")
QUOTE_VALID_DAYS = env.int("QUOTE_VALID_DAYS", default=30)
# The client's quote link stops working this many days after the quote is accepted, declined or expires.
QUOTE_LINK_DAYS_AFTER_CLOSE = env.int("QUOTE_LINK_DAYS_AFTER_CLOSE", default=30)
VAT_REGISTERED = env.bool("VAT_REGISTERED", default=False)
VAT_RATE = env("VAT_RATE", default="0.20")
VAT_NUMBER = env("VAT_NUMBER", default="")
DEPOSIT_PERCENT = env("DEPOSIT_PERCENT", default="20")
DEPOSIT_FIXED = env("DEPOSIT_FIXED", default="")
RECEIPTS_PER_SWEEP = env.int("RECEIPTS_PER_SWEEP", default=20)  # receipt PDFs the 5-minute sweep makes at most
PDF_RENDERS_PER_PROCESS = env.int(
    "PDF_RENDERS_PER_PROCESS", default=50
)  # a fixed deposit in GBP wins over the percentage

# Signed consent (clients/consent/): whether the tablet form asks for the ID seen (type + last 4 characters),
# and the limits on a drawn signature (a PNG from the signature pad).
CONSENT_RECORD_ID_SEEN = env.bool("CONSENT_RECORD_ID_SEEN", default=True)
CONSENT_SIGNATURE_MAX_BYTES = env.int("CONSENT_SIGNATURE_MAX_BYTES", default=512 * 1024)
CONSENT_SIGNATURE_MAX_SIDE = env.int("CONSENT_SIGNATURE_MAX_SIDE", default=4000)  # pixels, width or height

# Patch tests (clients/patch_tests/): the optional photo's limits (JPEG, PNG or WebP; re-encoded without EXIF).
PATCH_TEST_PHOTO_MAX_BYTES = env.int("PATCH_TEST_PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
PATCH_TEST_PHOTO_MAX_PIXELS = env.int("PATCH_TEST_PHOTO_MAX_PIXELS", default=40_000_000)

# Reminders (outbox/): when they go out. Leads are hours before the appointment; aftercare,
# check-in, top-up and quote reminders go out at a local time of day (clinic time).
REMINDER_CONSULTATION_HOURS = env.list("REMINDER_CONSULTATION_HOURS", cast=float, default=[24])
REMINDER_SESSION_HOURS = env.list("REMINDER_SESSION_HOURS", cast=float, default=[48, 2])
REMINDER_SMS_HOURS = env.list("REMINDER_SMS_HOURS", cast=float, default=[2])  # also by SMS at these leads
REMINDER_LOCAL_TIME = env("REMINDER_LOCAL_TIME", default="09:00")
REMINDER_GRACE_MINUTES = env.int("REMINDER_GRACE_MINUTES", default=60)  # later than this: skipped, not sent
TOP_UP_REMINDER_MONTHS = env.int("TOP_UP_REMINDER_MONTHS", default=12)
QUOTE_EXPIRY_REMINDER_DAYS = env.int("QUOTE_EXPIRY_REMINDER_DAYS", default=3)
# Delivery: attempts with exponential backoff (1, 2, 4, 8 … minutes), then "failed" for staff to see.
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=6)
REMINDER_RETRY_SECONDS = env.int("REMINDER_RETRY_SECONDS", default=60)
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=500)
REMINDER_BATCHES_PER_RUN = env.int("REMINDER_BATCHES_PER_RUN", default=40)
REMINDER_IDS_PER_TASK = env.int("REMINDER_IDS_PER_TASK", default=20)
# A claimed reminder not marked sent within this (its worker died) is handed out again.
REMINDER_CLAIM_LEASE_SECONDS = env.int("REMINDER_CLAIM_LEASE_SECONDS", default=300)
# SMS: "outbox.sms.ConsoleBackend", "outbox.sms.FileBackend" (SMS_FILE_PATH) or a provider's class.
SMS_BACKEND = env("SMS_BACKEND", default="outbox.sms.ConsoleBackend")
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=BASE_DIR / "var" / "sms")
SMS_SENDER = env("SMS_SENDER", default="Northline")
AFTERCARE_LINK_DAYS = env.int("AFTERCARE_LINK_DAYS", default=400)  # how long an e-mailed schedule link works

# Online payments (payments/online.py, payments/stripe/): "none" (the default: clients pay at the clinic) or
# "stripe" (Stripe Checkout; both keys below are then required, see docs/DEPLOY.md "Online payments").
PAYMENTS_PROVIDER = env("PAYMENTS_PROVIDER", default="none")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# A webhook whose signature is older than this is refused (replayed from a capture).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
# Calls to Stripe's API: how long to wait, and how often the library retries (same idempotency key).
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=20)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)
# A Checkout page is offered again (not a new one) for this long, then it expires at Stripe (30 minutes at least).
STRIPE_CHECKOUT_MINUTES = env.int("STRIPE_CHECKOUT_MINUTES", default=60)
# The pay button's form is answered with a redirect to Stripe's Checkout page; browsers hold that redirect to
# the form-action directive, so with Stripe on (and only then) its origin is allowed there.
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
if PAYMENTS_PROVIDER == "stripe":
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(STRIPE_CHECKOUT_ORIGIN)
# Photos (photos/): upload limits, and the sizes the thumbnail task makes (longest side, pixels).
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)  # against decompression bombs
PHOTO_DISPLAY_PX = env.int("PHOTO_DISPLAY_PX", default=1600)
PHOTO_THUMB_PX = env.int("PHOTO_THUMB_PX", default=320)
