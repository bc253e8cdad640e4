"""The outbox on the real stack: a real Celery worker and beat, the real Redis, real files for e-mail.

Time is real here (the worker is another process); everything is relative to now.
"""

import re
import shutil
import socket
import subprocess
import time
import uuid
from datetime import time as clock
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db.models import Count
from django.utils import timezone

from bookings.messages import BookingMessage
from bookings.models import Appointment
from bookings.services import book_consultation
from clients.services import ClientDetails
from clinic.clock import local_instant, local_today
from devstack.redis import redis_server_binary
from outbox.models import Reminder
from outbox.tasks import deliver_reminders, dispatch_due_reminders
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.integration_support import celery_worker, wait_for
from tests.outbox.factories import top_up_rows

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Status = Reminder.Status
FAST = {"REMINDER_DISPATCH_SECONDS": "1", "REMINDER_CLAIM_LEASE_SECONDS": "3"}


def delivered(mail_dir: Path) -> list[str]:
    """Message-IDs of the delivered e-mails (complete files only; half-written ones are hidden .part files)."""
    return [message_from_bytes(p.read_bytes())["Message-ID"] for p in mail_dir.glob("*.eml")]


def due_reminders(count: int) -> list[int]:
    now = timezone.now()
    due = now - timedelta(seconds=5)
    rows = top_up_rows(
        count, client=ClientFactory(contact_consent=True), due_at=due, expires_at=now + timedelta(hours=1)
    )
    return [r.pk for r in rows]


def sent_count() -> int:
    return Reminder.objects.filter(status=Status.SENT).count()


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


def test_beat_and_worker_deliver_every_due_reminder_exactly_once(mail_dir, consultation, policy):
    ArtistFactory(hours={d: [(clock(0), clock(23, 45))] for d in range(7)})
    ids = due_reminders(200)
    with celery_worker(mail_dir=mail_dir, beat=True, env=FAST):
        tomorrow = timezone.localtime() + timedelta(days=1)
        appointment = book_consultation(
            start=tomorrow.replace(hour=10, minute=0, second=0, microsecond=0),
            client_details=ClientDetails(full_name="Robin Lee", email="robin@example.com", phone="+447911123456"),
        )
        wait_for(lambda: sent_count() == 201, timeout=60, what="201 reminders sent")
        # A redelivered task (e.g. after a worker restart) finds the row sent and sends nothing.
        confirmation = Reminder.objects.about(appointment).get(kind=BookingMessage.CONFIRMED)
        task = deliver_reminders.delay([confirmation.pk, ids[0], ids[0]])
        wait_for(lambda: task_result(mail_dir, task.id), timeout=30, what="the duplicates handled")
        assert task_result(mail_dir, task.id) == "{'sent': 3}"  # found sent: nothing more
    message_ids = delivered(mail_dir)
    assert len(message_ids) == len(set(message_ids)) == 201
    robin = [p for p in mail_dir.glob("*.eml") if b"robin@example.com" in p.read_bytes()]
    assert len(robin) == 1 and b"BEGIN:VCALENDAR" in robin[0].read_bytes()


def task_result(mail_dir: Path, task_id: str) -> str | None:
    """What the worker logged as the result of one task, once it has finished."""
    log = (mail_dir.parent / "worker.log").read_text()
    found = re.search(rf"\[{task_id}\] succeeded in [0-9.]+s: (.+)", log)
    return found and found.group(1)


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(mail_dir):
    ids = due_reminders(1000)
    # Both workers share a queue; one of this run's own: a killed worker's unacknowledged messages go back
    # to it, and an earlier run's would deliver this run's rows (same ids on a new database) straight away.
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    with celery_worker(mail_dir=mail_dir, queue=queue, env=FAST, name="first") as first:
        dispatch_due_reminders.delay()
        wait_for(lambda: len(list(mail_dir.glob("*.eml"))) >= 150, timeout=60, what="150 e-mails out")
        first.kill()
    at_kill = len(list(mail_dir.glob("*.eml")))
    stuck = set(Reminder.objects.filter(status=Status.SENDING).values_list("pk", flat=True))
    statuses = dict(Reminder.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("pk")))
    assert 150 <= at_kill < 1000 and stuck, (at_kill, statuses)
    with celery_worker(mail_dir=mail_dir, queue=queue, beat=True, env=FAST, name="second"):
        wait_for(lambda: sent_count() == 1000, timeout=120, what="all 1000 sent after the restart")
    message_ids = delivered(mail_dir)
    assert len(message_ids) == len(set(message_ids)) == 1000, "lost or repeated"
    assert Reminder.objects.filter(pk__in=ids, status=Status.SENT).count() == 1000
    # Only what the dead worker had claimed was handed out a second time (the mail file of a message it
    # wrote but could not mark sent was written again under the same name: the client has one).
    again = set(Reminder.objects.filter(pk__in=ids, attempts__gt=1).values_list("pk", flat=True))
    assert again and again <= stuck
    # Half-written files from the kill are hidden temp files, never delivered: at most one per process.
    assert len(list(mail_dir.glob(".*.part"))) <= 2


class PrivateRedis:
    """A Redis of our own, to stop and start without touching the one the other tests use."""

    def __init__(self, directory: Path):
        self.directory = directory
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.binary = shutil.which("redis-server") or str(redis_server_binary())
        self.process = None

    def start(self) -> None:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(args, cwd=self.directory, stdout=subprocess.DEVNULL)
        wait_for(self._up, timeout=10, what="redis up")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def _up(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_bookings_succeed_while_redis_is_down_and_their_messages_follow_when_it_returns(
    mail_dir, redis_server, client, consultation, policy, settings
):
    for _ in range(4):  # bookings at the same time, one per artist
        ArtistFactory(hours={d: [(clock(0), clock(23, 45))] for d in range(7)})
    # Tomorrow at noon, clinic time: inside the artists' hours whatever the time of day the test runs (40 minutes
    # ahead fell after the hours' end late in the evening). The reminder's lead is worked out from it below.
    start = local_instant(local_today() + timedelta(days=1), clock(12, 0))
    # The consultation reminder falls due ~20 s from now (a lead in hours, as the setting takes it).
    settings.REMINDER_CONSULTATION_HOURS = [(start - timezone.now() - timedelta(seconds=20)).total_seconds() / 3600]
    settings.REMINDER_SMS_HOURS = []
    # One Redis for everything, as in production: the broker and the cache the rate limits count in.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    people = [
        ClientDetails(full_name=f"Person {i}", email=f"p{i}@example.com", phone="+447911123456") for i in range(3)
    ]
    with celery_worker(mail_dir=mail_dir, beat=True, env=FAST, broker_url=redis_server.url):
        redis_server.stop()
        began = time.monotonic()
        booked = []
        for details in people:  # staff bookings by phone; each commits on its own, as a request would
            booked.append(book_consultation(start=start, client_details=details, online=False))
        online = start + timedelta(hours=3)  # and one from the public booking page
        response = client.post(
            "/book/",
            {
                "slot": online.isoformat(),
                "date": timezone.localdate(online).isoformat(),
                "artist": "",
                "full_name": "Web Visitor",
                "email": "web@example.com",
                "phone": "07911 123456",
                "concern": "crown",
                "contact_consent": "on",
                "website": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        booked.append(Appointment.objects.get(client__email="web@example.com"))
        assert time.monotonic() - began < 20  # the failed hand-offs cost little, not a hang
        rows = Reminder.objects.about_any(Appointment, [a.pk for a in booked])
        assert rows.filter(kind=BookingMessage.CONFIRMED, status=Status.PENDING).count() == 4
        due_soon = rows.filter(kind=BookingMessage.CONFIRMED) | rows.filter(
            subject_id__in=[a.pk for a in booked if a.start == start]
        )
        assert due_soon.count() == 7  # four confirmations, three reminders due in ~20 s
        time.sleep(3)
        assert delivered(mail_dir) == []  # nothing can move without the broker
        redis_server.start()
        wait_for(lambda: due_soon.filter(status=Status.SENT).count() == 7, timeout=120, what="all seven sent")
    message_ids = delivered(mail_dir)
    assert len(message_ids) == len(set(message_ids)) == 7
