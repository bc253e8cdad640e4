"""WSGI entry point (gunicorn clinic.wsgi): production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.production")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
