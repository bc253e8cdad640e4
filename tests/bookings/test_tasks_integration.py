"""Booking e-mails through a real Celery worker process and the real Redis broker."""

from datetime import time as clock

import pytest

from bookings.models import BookingEmail
from bookings.services import book_consultation
from bookings.tasks import send_booking_email
from clients.services import ClientDetails
from tests.conftest import london
from tests.factories import ArtistFactory
from tests.integration_support import celery_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_sends_the_confirmation_once_even_if_the_task_is_delivered_twice(
    tmp_path, time_machine, consultation, policy
):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    ArtistFactory(hours={d: [(clock(9), clock(17))] for d in range(7)})
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir=mail_dir):
        appointment = book_consultation(
            start=london(2026, 12, 1, 10, 0),
            client_details=ClientDetails(full_name="Robin Lee", email="robin@example.com", phone="+447911123456"),
        )
        wait_for(lambda: any(mail_dir.iterdir()), timeout=30, what="the confirmation e-mail file")
        # A duplicate delivery (e.g. redelivered after a worker restart) must not send again.
        send_booking_email.delay(appointment.pk, "confirmation", 0)
        send_booking_email.delay(appointment.pk, "confirmation", 0)
        log = tmp_path / "worker.log"
        wait_for(lambda: log.read_text().count("'already-sent'") == 2, timeout=30, what="both duplicates handled")
    messages = [p.read_text() for p in mail_dir.iterdir()]
    assert len(messages) == 1
    assert "robin@example.com" in messages[0]
    assert "BEGIN:VCALENDAR" in messages[0]
    assert BookingEmail.objects.get(appointment=appointment).sent_at is not None
