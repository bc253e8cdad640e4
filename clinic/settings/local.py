from .base import *  # noqa: F403
from .base import EMAIL_BACKEND, STORAGES, env

DEBUG = env.bool("DEBUG", default=True)
STORAGES = {
    **STORAGES,  # the backups storage as configured
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static/ straight from the finders (no collectstatic in development and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# `make run` writes e-mails to files (EMAIL_URL=filemail://var/mail): read them at /dev/mail/.
DEV_MAIL_VIEWER = env.bool("DEV_MAIL_VIEWER", default=EMAIL_BACKEND == "clinic.mail.FileBackend")
