from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .emails import build_booking_email
from .models import Appointment, BookingEmail


# OSError covers refused connections and every smtplib.SMTPException: worth retrying, with backoff.
@shared_task(
    acks_late=True, autoretry_for=(OSError,), max_retries=8, retry_backoff=30, retry_backoff_max=3600, retry_jitter=True
)
def send_booking_email(appointment_id: int, kind: str, sequence: int) -> str:
    """Send one booking e-mail once per appointment version; running it twice sends nothing more.

    The row lock is held while sending, so a duplicate delivery of this task waits and then sees
    `sent_at` set. A newer version of the appointment supersedes an unsent older e-mail.
    """
    with transaction.atomic():
        record, _ = BookingEmail.objects.get_or_create(appointment_id=appointment_id, kind=kind, sequence=sequence)
        record = BookingEmail.objects.select_for_update().get(pk=record.pk)
        if record.sent_at is not None:
            return "already-sent"
        appointment = Appointment.objects.select_related("client", "artist", "service").get(pk=appointment_id)
        if appointment.sequence != sequence:
            return "superseded"
        build_booking_email(appointment, kind).send()
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
        return "sent"
