"""The dispatcher's claims: due rows in bounded batches, disjoint between concurrent dispatchers."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from outbox.models import Reminder
from outbox.services.dispatch import claim_due_reminders
from outbox.tasks import dispatch_due_reminders, enqueue_delivery
from tests.clients.factories import ClientFactory
from tests.helpers import london
from tests.integration_support import broker
from tests.outbox.factories import top_up_rows

Status = Reminder.Status
NOW = london(2026, 12, 1, 9, 0)


def make_due(count, *, client=None, due=NOW - timedelta(minutes=1), **fields):
    client = client or ClientFactory(contact_consent=True)
    return top_up_rows(count, client=client, due_at=due, expires_at=due + timedelta(days=1), **fields)


@pytest.mark.django_db
def test_claims_due_rows_oldest_first_in_bounded_batches(time_machine):
    time_machine.move_to(NOW, tick=False)
    client = ClientFactory()
    later = make_due(2, client=client, due=NOW - timedelta(minutes=1))
    earlier = make_due(2, client=client, due=NOW - timedelta(minutes=5))
    make_due(2, client=client, due=NOW + timedelta(minutes=1))  # not due yet
    first = claim_due_reminders(limit=3)
    assert first == [r.pk for r in earlier] + [later[0].pk]
    assert claim_due_reminders(limit=3) == [later[1].pk]
    assert claim_due_reminders(limit=3) == []
    claimed = Reminder.objects.filter(status=Status.SENDING)
    assert claimed.count() == 4 and {r.claimed_at for r in claimed} == {NOW} and {r.attempts for r in claimed} == {1}


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_handed_out_again_after_the_lease(time_machine, settings):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 300
    time_machine.move_to(NOW, tick=False)
    (row,) = make_due(1)
    assert claim_due_reminders(limit=10) == [row.pk]
    time_machine.move_to(NOW + timedelta(minutes=4), tick=False)
    assert claim_due_reminders(limit=10) == []
    time_machine.move_to(NOW + timedelta(minutes=6), tick=False)
    assert claim_due_reminders(limit=10) == [row.pk]
    row.refresh_from_db()
    assert row.attempts == 2


@pytest.mark.django_db
def test_a_row_that_keeps_killing_its_worker_ends_up_failed(time_machine, settings):
    settings.REMINDER_MAX_ATTEMPTS = 2
    time_machine.move_to(NOW, tick=False)
    (row,) = make_due(1)
    for minutes in (0, 10):
        time_machine.move_to(NOW + timedelta(minutes=minutes), tick=False)
        assert claim_due_reminders(limit=10) == [row.pk]
    time_machine.move_to(NOW + timedelta(minutes=20), tick=False)
    assert claim_due_reminders(limit=10) == []
    row.refresh_from_db()
    assert (row.status, row.note) == (Status.FAILED, "its worker stopped while sending, too many times")


@pytest.mark.django_db
def test_the_dispatch_task_sends_every_due_reminder_once(time_machine, settings):
    settings.REMINDER_BATCH_SIZE = 7
    time_machine.move_to(NOW, tick=False)
    rows = make_due(30)
    assert dispatch_due_reminders.apply().get() == 30  # eager here: each delivery runs inline
    assert dispatch_due_reminders.apply().get() == 0
    assert Reminder.objects.filter(pk__in=[r.pk for r in rows], status=Status.SENT).count() == 30
    assert len(mail.outbox) == 30


@pytest.mark.django_db
def test_with_the_broker_away_claims_stay_in_the_outbox(time_machine, settings):
    time_machine.move_to(NOW, tick=False)
    make_due(3)
    with broker("redis://127.0.0.1:9/0"):  # nothing listens there
        assert dispatch_due_reminders() == 0
        assert enqueue_delivery([1]) is False
    assert Reminder.objects.filter(status=Status.SENDING).count() == 3  # handed out again after the lease


@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatchers_claim_disjoint_rows(time_machine):
    time_machine.move_to(NOW, tick=True)
    make_due(400)
    results, start = [], threading.Barrier(4)

    def claimer():
        try:
            start.wait()
            mine = []
            while batch := claim_due_reminders(limit=25):
                mine += batch
            results.append(mine)
        finally:
            connection.close()

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [pk for mine in results for pk in mine]
    assert len(claimed) == len(set(claimed)) == 400
    assert sum(1 for mine in results if mine) > 1  # they really ran side by side
