"""The Celery app. It chooses no settings: whoever starts it does (DJANGO_SETTINGS_MODULE).

`clinic/__init__.py` imports this module, so a default here would be imported before `wsgi.py` or
`manage.py` could choose theirs (gunicorn would get the development settings).
"""

from celery import Celery

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
