"""E-mail backends for the reminder outbox, which marks a row "sent" with one committed UPDATE.

Sending first and committing after leaves a gap in which a killed worker has delivered a message the
database does not know about (so it goes again); committing first and sending after loses it instead.

- `FileBackend` is idempotent: a message's file is named after its Message-ID, so sending it again
  replaces it. The outbox sends, then commits: a repeat after a crash leaves one message.
- `SMTPBackend` can stage: `stage()` sends MAIL, RCPT and DATA but holds back the final ".", the
  outbox commits, then `release()` sends the ".". A worker killed before the commit delivers nothing
  (an SMTP server discards a message whose "." never came). What remains is the moment between the
  commit and the "." (microseconds): a kill exactly there loses that one message.
- Other backends (console, locmem, providers' HTTP APIs) are sent through before the commit, so at
  worst a message goes twice, with the same Message-ID.
"""

import hashlib
import os
import re
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend as DjangoFileBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address


@dataclass(frozen=True)
class Staged:
    release: Callable[[], None]  # deliver it
    abort: Callable[[], None]  # make sure it is never delivered


class SMTPBackend(DjangoSMTPBackend):
    """Django's SMTP backend, plus `stage()`: MAIL, RCPT and DATA are sent, the final "." waits."""

    def stage(self, message: EmailMessage) -> Staged:
        if self.connection is None:
            self.open()
        conn = self.connection
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in message.recipients()]
        data = message.message().as_bytes(linesep="\r\n")
        try:
            self._begin_data(conn, sender, recipients)
            body = re.sub(rb"(?m)^\.", b"..", data)  # dot-stuffing (RFC 5321 4.5.2)
            if not body.endswith(b"\r\n"):
                body += b"\r\n"
            conn.send(body)
        except BaseException:
            conn.close()  # half-way through a transaction: never reuse this connection
            self.connection = None
            raise

        def release() -> None:
            conn.send(b".\r\n")
            code, reply = conn.getreply()
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)

        def abort() -> None:
            # Drop the connection without QUIT (mid-DATA a QUIT would become part of the message).
            conn.close()
            self.connection = None

        return Staged(release, abort)

    @staticmethod
    def _begin_data(conn, sender: str, recipients: list[str]) -> None:
        """MAIL, RCPT and DATA, as smtplib's sendmail does them, stopping where the message begins."""
        conn.ehlo_or_helo_if_needed()
        code, reply = conn.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = conn.docmd("data")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)


def idempotent_name(reference: str, suffix: str) -> str:
    """A file name that is the same for every delivery of the same message."""
    return hashlib.sha256(reference.encode()).hexdigest()[:32] + suffix


def write_atomically(directory: str, name: str, data: bytes) -> None:
    """Complete or absent, never half-written: a temp file renamed into place."""
    # No fsync: the guarantee is against a killed process (the page cache survives it), not a power cut.
    staged = os.path.join(directory, f".{name}.{uuid.uuid4().hex}.part")
    with open(staged, "wb") as out:
        out.write(data)
    os.replace(staged, os.path.join(directory, name))


class FileBackend(DjangoFileBackend):
    """One `.eml` file per message, named after its Message-ID: delivering it again replaces it.

    So this backend is idempotent (like a provider API that takes an idempotency key): the outbox
    sends through it before marking the row sent, and a repeat after a crash still leaves one message.
    Mail tools read .eml files directly; tests count them.
    """

    idempotent = True

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            data = message.message().as_bytes()
            reference = message.extra_headers.get("Message-ID") or uuid.uuid4().hex
            write_atomically(self.file_path, idempotent_name(reference, ".eml"), data)
        return len(email_messages)
