"""The clinic's standard message: subject, lines, details, one link; rendered to e-mail (HTML + text) or SMS.

Kinds with an e-mail of their own (booking e-mails with a calendar file, the quote with its PDF)
build it themselves; the rest describe a `Content` and let these render it.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string

from clinic.clock import to_clinic_time


@dataclass(frozen=True)
class Content:
    subject: str
    lines: list[str]
    link_url: str
    link_label: str
    details: list[tuple[str, str]] = field(default_factory=list)


def when(moment) -> str:
    return to_clinic_time(moment).strftime("%A %-d %B %Y at %H:%M")


def clinic_context() -> dict:
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_phone": settings.CLINIC_PHONE,
    }


def standard_email(reminder, content: Content) -> EmailMultiAlternatives:
    context = {"content": content, "client": reminder.recipient} | clinic_context()
    message = EmailMultiAlternatives(
        # The clinic's name is in From; an ASCII subject also skips the costly encoded-word header.
        subject=content.subject,
        body=render_to_string("outbox/email/message.txt", context),
        to=[reminder.recipient.email],
        reply_to=[settings.CLINIC_EMAIL],
    )
    message.attach_alternative(render_to_string("outbox/email/message.html", context), "text/html")
    return message


def standard_sms(content: Content) -> str:
    when_ = dict(content.details).get("When", "")
    return f"{settings.CLINIC_NAME}: {content.subject}. {when_}. {content.link_url}".replace(". .", ".")


def message_id(reminder) -> str:
    """Stable across attempts, so a mail client shows a repeated delivery as one message."""
    domain = settings.CLINIC_EMAIL.rpartition("@")[2] or "clinic.invalid"
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:12]  # short: long headers get folded
    return f"<reminder-{reminder.pk}.{digest}@{domain}>"


def build_email(reminder) -> EmailMessage:
    message = reminder.message_kind.build_email(reminder)
    message.extra_headers["Message-ID"] = message_id(reminder)
    return message


def build_sms(reminder) -> str:
    build = reminder.message_kind.build_sms
    if build is None:
        raise ValueError(f"{reminder.kind} messages have no text version")
    return build(reminder)
