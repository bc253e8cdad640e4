"""E-mail backends that can stage a message and release it later (two-phase hand-over).

The reminder outbox marks a row "sent" in the same transaction that holds its lock. Sending first
and committing after leaves a gap in which a killed worker has delivered a message the database
does not know about (so it goes again); committing first and sending after loses it instead. These
backends close the gap: `stage()` does everything short of delivery, the caller commits, then the
returned `release()` delivers. A worker killed before the commit leaves nothing delivered: the SMTP
server discards a message whose final "." never came, and the file backend leaves a hidden temp file.

Other backends (console, locmem, providers' HTTP APIs) have no `stage()`; the outbox sends through
them before committing, so at worst a message goes twice, with the same Message-ID.
"""

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
        conn.ehlo_or_helo_if_needed()
        code, reply = conn.mail(sender)
        if code != 250:
            conn.rset()
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if len(refused) == len(recipients):
            conn.rset()
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = conn.docmd("data")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body = re.sub(rb"(?m)^\.", b"..", data)  # dot-stuffing (RFC 5321 4.5.2)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        conn.send(body)

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


class FileBackend(DjangoFileBackend):
    """One `.eml` file per message, written to a hidden temp file and renamed into place on release.

    Mail tools read .eml files directly; tests count them. A file is either complete or absent.
    """

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            self.stage(message).release()
        return len(email_messages)

    def stage(self, message: EmailMessage) -> Staged:
        name = f"{uuid.uuid4().hex}.eml"
        staged = os.path.join(self.file_path, f".{name}.part")
        # No fsync: the guarantee is against a killed process (the page cache survives it), not a power cut.
        with open(staged, "wb") as out:
            out.write(message.message().as_bytes())

        def release() -> None:
            os.replace(staged, os.path.join(self.file_path, name))

        def abort() -> None:
            os.remove(staged)

        return Staged(release, abort)
