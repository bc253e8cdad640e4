"""The Celery app. It chooses no settings: whoever starts it does (DJANGO_SETTINGS_MODULE).

`clinic/__init__.py` imports this module, so a default here would be imported before `wsgi.py` or
`manage.py` could choose theirs (gunicorn would get the development settings).
"""

from celery import Celery
from celery.signals import (
    beat_init,
    before_task_publish,
    heartbeat_sent,
    task_postrun,
    task_prerun,
    worker_process_init,
)

from clinic import requestid
from clinic.heartbeat import record_worker_heartbeat

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Connected before any worker starts: a worker sends the signal only if it had receivers at start.
heartbeat_sent.connect(record_worker_heartbeat, weak=False)

# A task's log records carry the id of the request that queued it (or the task's own id).
before_task_publish.connect(requestid.add_request_id_header, weak=False)
task_prerun.connect(requestid.bind_task_request_id, weak=False)
task_postrun.connect(requestid.unbind_task_request_id, weak=False)


def dispatch_at_beat_start(sender=None, **_signal) -> None:
    """Beat's first interval run would come a full interval after it starts: run the dispatcher now, so
    reminders held up by a restart go out at once and /health/ sees beat's work from its first seconds."""
    sender.app.send_task("outbox.tasks.dispatch_due_reminders", expires=60)


beat_init.connect(dispatch_at_beat_start, weak=False)


def load_urls_at_process_start(**_signal) -> None:
    """Import the URLconf (every app's views, Stripe's SDK) when a worker process starts, not in its first
    task: the first reminder's link cost each process about 2 s of a 10,000-reminder morning (profiled)."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)


worker_process_init.connect(load_urls_at_process_start, weak=False)
