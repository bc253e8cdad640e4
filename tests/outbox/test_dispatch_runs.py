"""The dispatcher notes each run it starts (what /health/ reads as "beat"), and a cache outage stops nothing."""

from datetime import timedelta

import pytest
from django.core import mail

from outbox.models import Reminder
from outbox.selectors import last_dispatch_run
from outbox.tasks import dispatch_due_reminders
from tests.clients.factories import ClientFactory
from tests.helpers import london
from tests.ops.support import closed_port, redis_cache
from tests.outbox.factories import top_up_rows

pytestmark = pytest.mark.django_db
NOW = london(2026, 12, 1, 9, 0)


def test_each_run_is_recorded(time_machine):
    time_machine.move_to(NOW, tick=False)
    assert last_dispatch_run() is None
    dispatch_due_reminders.apply()
    assert last_dispatch_run() == NOW
    time_machine.shift(timedelta(minutes=1))
    dispatch_due_reminders.apply()
    assert last_dispatch_run() == NOW + timedelta(minutes=1)


def test_with_the_cache_away_the_dispatcher_still_sends(time_machine, settings, caplog):
    time_machine.move_to(NOW, tick=False)
    due = NOW - timedelta(minutes=1)
    top_up_rows(2, client=ClientFactory(contact_consent=True), due_at=due, expires_at=due + timedelta(hours=1))
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")
    assert dispatch_due_reminders.apply().get() == 2
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 2 and len(mail.outbox) == 2
    assert "dispatcher run not recorded: cache unavailable" in caplog.text
