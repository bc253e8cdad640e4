"""Hand a reminder to its channel: staged when the backend can hold it back, else sent at once."""

from django.conf import settings
from django.core.mail import get_connection

from clinic.mail import Staged

from .content import build_email, build_sms
from .models import Reminder
from .sms import SMS, get_sms_backend


def _email(reminder: Reminder) -> Staged | None:
    message = build_email(reminder)
    connection = get_connection()
    message.connection = connection
    if getattr(connection, "idempotent", False) or not hasattr(connection, "stage"):
        message.send()
        return None
    staged = connection.stage(message)

    def release() -> None:
        try:
            staged.release()
        finally:
            connection.close()

    return Staged(release=release, abort=staged.abort)


def _sms(reminder: Reminder) -> Staged | None:
    backend = get_sms_backend()
    text = SMS(to=reminder.client.phone, body=build_sms(reminder), sender=settings.SMS_SENDER, reference=reminder.key)
    if not getattr(backend, "idempotent", False) and hasattr(backend, "stage"):
        return backend.stage(text)
    backend.send(text)
    return None


def send_or_stage(reminder: Reminder) -> Staged | None:
    """Staged: deliver with `.release()` after the "sent" mark commits. None: already sent (at least once,
    or exactly once where the backend is idempotent)."""
    return _email(reminder) if reminder.channel == Reminder.Channel.EMAIL else _sms(reminder)
