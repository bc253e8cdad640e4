"""ASGI entry point: production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.production")

from django.core.asgi import get_asgi_application

application = get_asgi_application()
