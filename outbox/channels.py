"""Hand a reminder to its channel: staged when the backend can hold it back, else sent at once."""

from django.conf import settings
from django.core.mail import get_connection

from clinic.mail import Staged

from .content import build_email, build_sms
from .models import Reminder
from .sms import SMS, get_sms_backend


class Connections:
    """One e-mail connection and one SMS backend for a batch of deliveries, opened when first needed.

    A connection per message cost an SMTP connect (and TLS, and login) per reminder. `close()` when done.
    """

    def __init__(self) -> None:
        self._email = None
        self._sms = None

    def email(self):
        if self._email is None:
            self._email = get_connection()
            if not hasattr(self._email, "stage") and not getattr(self._email, "idempotent", False):
                self._email.open()  # kept open across the batch (Django's backends close what they opened)
        return self._email

    def sms(self):
        if self._sms is None:
            self._sms = get_sms_backend()
        return self._sms

    def idempotent(self, channel: str) -> bool:
        """Whether sending a message of `channel` again leaves one message (it may then go before the commit)."""
        if channel == Reminder.Channel.EMAIL:
            return getattr(self.email(), "idempotent", False)
        return getattr(self.sms(), "idempotent", False)

    def close(self) -> None:
        if self._email is not None:
            self._email.close()
            self._email = None


def _email(reminder: Reminder, connections: Connections) -> Staged | None:
    message = build_email(reminder)
    connection = connections.email()
    message.connection = connection
    if getattr(connection, "idempotent", False) or not hasattr(connection, "stage"):
        message.send()
        return None
    staged = connection.stage(message)

    def release() -> None:
        try:
            staged.release()
        except BaseException:
            connection.close()  # in an unknown state: the next message of the batch opens a new one
            raise

    return Staged(release=release, abort=staged.abort)


def _sms(reminder: Reminder, connections: Connections) -> Staged | None:
    backend = connections.sms()
    text = SMS(to=reminder.client.phone, body=build_sms(reminder), sender=settings.SMS_SENDER, reference=reminder.key)
    if not getattr(backend, "idempotent", False) and hasattr(backend, "stage"):
        return backend.stage(text)
    backend.send(text)
    return None


def send_or_stage(reminder: Reminder, connections: Connections | None = None) -> Staged | None:
    """Staged: deliver with `.release()` after the "sent" mark commits. None: already sent (at least once,
    or exactly once where the backend is idempotent). Without `connections`, the caller closes none:
    a connection of its own is closed once the message is out (or withdrawn)."""
    own = connections is None
    connections = connections or Connections()
    send = _email if reminder.channel == Reminder.Channel.EMAIL else _sms
    try:
        staged = send(reminder, connections)
    except BaseException:
        if own:
            connections.close()
        raise
    if not own:
        return staged
    if staged is None:
        connections.close()
        return None

    def release() -> None:
        try:
            staged.release()
        finally:
            connections.close()

    return Staged(release=release, abort=staged.abort)
