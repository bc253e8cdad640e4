import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, STORAGES

SECRET_KEY = "test-secret-key-not-for-production"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A commit does not wait for the WAL to reach the disk: throw-away test databases need no durability, and
# transactional tests commit every write. What other sessions see, and when, is unchanged.
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "options": "-c synchronous_commit=off"}
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# `make test` runs the suite in parallel processes (pytest-xdist: gw0, gw1, …); each has its own test
# database (pytest-django adds the suffix), files and cache, so no test sees another process's.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_worker_index = int(XDIST_WORKER.removeprefix("gw") or 0)
# Stored files (quote PDFs) in a directory of this run's own: a file an earlier run left at the same
# name must never pass for this run's. Worker processes the tests start inherit it from the environment
# (with the xdist worker's name, so they find the same subdirectory).
MEDIA_ROOT = Path(os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="clinic-test-media-"))) / XDIST_WORKER
# Backup archives likewise (the backups storage, ops/backups/).
BACKUP_ROOT = Path(os.environ.setdefault("BACKUP_ROOT", tempfile.mkdtemp(prefix="clinic-test-backups-"))) / XDIST_WORKER
STORAGES["backups"] = {
    "BACKEND": "ops.backups.storage.AtomicFileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_ROOT)},
}
# Unit tests run tasks in-process; integration tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# A Redis database of its own, so clearing it between tests touches nothing else: 15 for REDIS_URL's
# database 0, 12 for database 3 …, four lower for each further xdist worker (11, 7, … for database 0).
# TEST_CACHE_DBS ("7,6,5,4": one per xdist worker, gw0 first) names them instead, for a machine where
# several checkouts share one Redis and the rule above would land on another checkout's databases.
_redis = urlsplit(REDIS_URL)
_chosen_dbs = [int(db) for db in os.environ.get("TEST_CACHE_DBS", "").split(",") if db.strip()]
if _chosen_dbs:
    _cache_db = _chosen_dbs[_worker_index] if _worker_index < len(_chosen_dbs) else -1
else:
    _cache_db = 15 - int(_redis.path.strip("/") or 0) - 4 * _worker_index
if not 0 <= _cache_db <= 15 or _cache_db == int(_redis.path.strip("/") or 0):
    raise RuntimeError(f"no free Redis database for the test cache of xdist worker {XDIST_WORKER} on {REDIS_URL}")
CACHES = {
    "default": {
        "BACKEND": "clinic.cache.RedisCache",
        "LOCATION": urlunsplit(_redis._replace(path=f"/{_cache_db}")),
        "KEY_PREFIX": "clinic-test",
    }
}
BOOKING_RATE_LIMIT = "1000/h"
INTAKE_RATE_LIMIT = "1000/h"
# Off, so the other apps' tests see only their own outbox rows; tests/intake turn it on (48).
INTAKE_REMINDER_HOURS = 0
SITE_URL = "http://testserver"
# Serve static/ straight from the finders (no collectstatic in development and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests log managers in without a device; tests/security/test_sessions.py turns the default back on.
MANAGER_REQUIRE_TOTP = False
# Tests log in and then move the clock by days: idle logout would end their sessions. The session
# tests (tests/security/test_sessions.py) put the production limits back with override_settings.
TEAM_SESSION_IDLE_MINUTES = CLIENT_SESSION_IDLE_MINUTES = 10 * 365 * 24 * 60
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60  # Django's default, as before these limits
