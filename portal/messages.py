"""What the portal sends through the outbox: the one-time login link.

The link is made when the e-mail is built (a worker, moments after the request): it works for 30
minutes from then and dies once used, so a retried delivery sends a fresh one.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from clients.models import Client
from clinic.links import absolute_url
from outbox import kinds
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, queue_now

from .login_links import MAX_AGE_SECONDS, make_login_token


class PortalMessage(models.TextChoices):
    LOGIN_LINK = "portal_login_link", "Portal login link"


def queue_login_link(*, client: Client, now: datetime | None = None) -> Reminder:
    now = now or timezone.now()
    expires = now + timedelta(seconds=MAX_AGE_SECONDS)  # a link that arrives later is no use
    wanted = Wanted(
        PortalMessage.LOGIN_LINK, Channel.EMAIL, now, expires, client.pk, "c", version=f"{now:%Y%m%dT%H%M%S.%f}"
    )
    return queue_now(wanted=wanted, client_id=client.pk, now=now)


def build_login_email(reminder) -> EmailMessage:
    client = reminder.subject
    url = absolute_url("portal:link", make_login_token(client.user))
    body = render_to_string("portal/login_email.txt", {"client": client, "url": url})
    return EmailMessage(f"Your login link – {settings.CLINIC_NAME}", body, to=[client.email])


def _skip(reminder, now: datetime) -> str:
    return "" if reminder.subject.user_id else "the client has no portal login"


def register_kinds() -> None:
    link = PortalMessage.LOGIN_LINK
    kinds.register(
        kinds.MessageKind(link.value, link.label, Client, build_login_email, skip_reason=_skip, related=("user",))
    )
