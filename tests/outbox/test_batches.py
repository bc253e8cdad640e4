"""Delivering a task's batch: one connection per channel, and one message's failure is that message's alone."""

from datetime import timedelta

import pytest
from aiosmtpd.handlers import Message
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.mail import SMTPBackend
from outbox import channels
from outbox.content import message_id
from outbox.models import Reminder, ReminderQuerySet
from outbox.services.delivery import deliver_reminders
from outbox.services.dispatch import claim_due_reminders
from tests.clients.factories import ClientFactory
from tests.outbox.factories import top_up_rows
from tests.outbox.test_delivery import SMTPSink

pytestmark = pytest.mark.django_db
Status = Reminder.Status
REFUSED = "refused@example.com"


def due_rows(count: int, *, email: str | None = None) -> list[Reminder]:
    """`count` due top-up rows, each for a client of its own (the last one at `email`, if given), claimed."""
    now = timezone.now()
    rows = []
    for n in range(count):
        client = ClientFactory(contact_consent=True, **({"email": email} if email and n == count - 1 else {}))
        rows += top_up_rows(1, client=client, due_at=now - timedelta(seconds=5), expires_at=now + timedelta(hours=1))
    assert sorted(claim_due_reminders(limit=100)) == sorted(r.pk for r in rows)
    return rows


class RefusingHandler(Message):
    def __init__(self, sink):
        super().__init__()
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message):
        self.sink.messages.append(message)


@pytest.fixture
def smtp(settings, monkeypatch):
    """A real SMTP server that refuses REFUSED; counts the connections the backend opens."""
    sink = SMTPSink()
    sink.controller.handler = RefusingHandler(sink)
    sink.controller.start()
    settings.EMAIL_BACKEND = "clinic.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
    sink.opened = 0
    original = SMTPBackend.open

    def counting_open(self):
        opened = original(self)
        sink.opened += bool(opened)
        return opened

    monkeypatch.setattr(SMTPBackend, "open", counting_open)
    yield sink
    sink.controller.stop()


def test_a_batch_goes_through_one_smtp_connection(smtp):
    rows = due_rows(5)
    assert deliver_reminders(reminder_ids=[r.pk for r in rows]) == {"sent": 5}
    assert smtp.opened == 1
    assert sorted(m["Message-ID"] for m in smtp.messages) == sorted(message_id(r) for r in rows)


def test_a_refused_message_is_retried_alone_and_the_rest_of_the_batch_goes_once(smtp):
    rows = due_rows(4, email=REFUSED)
    refused = rows[-1]
    ids = [refused.pk] + [r.pk for r in rows[:-1]]  # the refusal first: the next ones still go
    assert deliver_reminders(reminder_ids=ids) == {"pending": 1, "sent": 3}
    assert sorted(m["Message-ID"] for m in smtp.messages) == sorted(message_id(r) for r in rows[:-1])
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (Status.PENDING, 1)
    assert "SMTPRecipientsRefused" in refused.last_error and refused.available_at > timezone.now()
    # The task redelivered: nothing more goes out.
    assert deliver_reminders(reminder_ids=ids) == {"pending": 1, "sent": 3}
    assert len(smtp.messages) == 3


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = "clinic.mail.FileBackend", str(tmp_path)
    return tmp_path


def fail_for(monkeypatch, failing: Reminder) -> None:
    real = channels.build_email

    def build_email(reminder):
        if reminder.pk == failing.pk:
            raise RuntimeError("template broke")
        return real(reminder)

    monkeypatch.setattr(channels, "build_email", build_email)


def test_in_an_idempotent_channel_one_failure_leaves_the_others_sent_once(file_mail, monkeypatch):
    rows = due_rows(4)
    fail_for(monkeypatch, rows[1])
    assert deliver_reminders(reminder_ids=[r.pk for r in rows]) == {"pending": 1, "sent": 3}
    assert len(list(file_mail.glob("*.eml"))) == 3
    statuses = dict(Reminder.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "status"))
    assert statuses == {rows[0].pk: "sent", rows[1].pk: "pending", rows[2].pk: "sent", rows[3].pk: "sent"}
    failed = Reminder.objects.get(pk=rows[1].pk)
    assert failed.attempts == 1 and "template broke" in failed.last_error
    sent = Reminder.objects.filter(status=Status.SENT, pk__in=[r.pk for r in rows])
    assert {(r.attempts, r.last_error) for r in sent} == {(1, "")} and all(r.sent_at for r in sent)


def test_a_crash_before_the_batch_commits_repeats_nothing_in_an_idempotent_channel(file_mail, monkeypatch):
    rows = due_rows(3)
    real_update = ReminderQuerySet.update

    def dies(self, **fields):
        if fields.get("status") == Status.SENT:
            raise SystemExit("killed")
        return real_update(self, **fields)

    monkeypatch.setattr(ReminderQuerySet, "update", dies)
    with pytest.raises(SystemExit):
        deliver_reminders(reminder_ids=[r.pk for r in rows])
    monkeypatch.undo()
    assert set(Reminder.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)) == {"sending"}
    assert deliver_reminders(reminder_ids=[r.pk for r in rows]) == {"sent": 3}  # handed out again
    assert len(list(file_mail.glob("*.eml"))) == 3  # each written again under its own name: one each


def test_an_idempotent_batch_costs_the_same_queries_for_more_rows(file_mail):
    def queries(count):
        rows = due_rows(count)
        with CaptureQueriesContext(connection) as captured:
            assert deliver_reminders(reminder_ids=[r.pk for r in rows]) == {"sent": count}
        return len(captured)

    assert queries(2) == queries(8)


@pytest.mark.django_db(transaction=True)
def test_a_row_another_delivery_holds_is_left_to_it(file_mail):
    rows = due_rows(2)
    held = rows[0]
    other = connection.copy()  # a second session holding the row's lock, as a concurrent delivery would
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM outbox_reminder WHERE id = %s FOR UPDATE", [held.pk])
            assert deliver_reminders(reminder_ids=[r.pk for r in rows]) == {"busy": 1, "sent": 1}
            cursor.execute("ROLLBACK")
    finally:
        other.close()
