"""What the portal sends through the outbox: the one-time login link, the confirmation of a new login
e-mail address, and password reset links (for clients and the team).

Links are made when the e-mail is built (a worker, moments after the request), so a retried delivery
sends a fresh one. Every message goes to the account's own address, never one someone else typed.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients.models import Client
from clinic.links import absolute_url
from clinic.users.models import User
from outbox import kinds
from outbox.content import Content, standard_email
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, queue_now

from .email_change import make_email_token
from .login_links import MAX_AGE_SECONDS, make_login_token

EMAIL_CONFIRM_DAYS = 3
RESET_MAX_AGE_SECONDS = 60 * 60


class PortalMessage(models.TextChoices):
    LOGIN_LINK = "portal_login_link", "Portal login link"
    CONFIRM_EMAIL = "portal_confirm_email", "New login e-mail confirmation"
    PASSWORD_RESET = "account_password_reset", "Password reset"


def _queue(kind: str, subject_id: int, tag: str, seconds: int, now: datetime | None, **recipient) -> Reminder:
    now = now or timezone.now()
    expires = now + timedelta(seconds=seconds)  # a link that arrives later is no use
    wanted = Wanted(kind, Channel.EMAIL, now, expires, subject_id, tag, version=f"{now:%Y%m%dT%H%M%S.%f}")
    return queue_now(wanted=wanted, now=now, **recipient)


def queue_login_link(*, client: Client, now: datetime | None = None) -> Reminder:
    return _queue(PortalMessage.LOGIN_LINK, client.pk, "c", MAX_AGE_SECONDS, now, client_id=client.pk)


def queue_email_confirmation(*, client: Client, now: datetime | None = None) -> Reminder:
    seconds = EMAIL_CONFIRM_DAYS * 24 * 3600
    return _queue(PortalMessage.CONFIRM_EMAIL, client.pk, "c", seconds, now, client_id=client.pk)


def queue_password_reset(*, user: User, now: datetime | None = None) -> Reminder:
    return _queue(PortalMessage.PASSWORD_RESET, user.pk, "u", RESET_MAX_AGE_SECONDS, now, user_id=user.pk)


def build_login_email(reminder):
    client = reminder.subject
    content = Content(
        subject=f"Your login link – {settings.CLINIC_NAME}",
        lines=[
            "Here is your login link. It works once, for 30 minutes.",
            "If you didn't ask for it, ignore this e-mail.",
        ],
        link_url=absolute_url("portal:link", make_login_token(client.user)),
        link_label="Log in to your account",
    )
    message = standard_email(reminder, content)
    message.to = [client.user.email]  # the login's own address: the record's may have been edited since
    return message


def build_confirm_email(reminder):
    client = reminder.subject
    content = Content(
        subject=f"Confirm your new e-mail address – {settings.CLINIC_NAME}",
        lines=[
            "Your e-mail address with us was changed to this one. To log in with it from now on, confirm it "
            f"within {EMAIL_CONFIRM_DAYS} days.",
            f"Until then login links go to your previous address. Didn't expect this? Call us on {settings.CLINIC_PHONE}.",
        ],
        link_url=absolute_url("portal:confirm_email", make_email_token(client.user, client.email)),
        link_label="Confirm this address",
    )
    return standard_email(reminder, content)  # to the record's new address: that is what is confirmed


def build_reset_email(reminder):
    user = reminder.subject
    url = absolute_url(
        "password_reset_confirm", urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    )
    content = Content(
        subject=f"Reset your password – {settings.CLINIC_NAME}",
        lines=[
            "Someone (we hope you) asked to reset your password. The link works once, for an hour.",
            "If you didn't ask for it, ignore this e-mail: your password stays as it is.",
        ],
        link_url=url,
        link_label="Choose a new password",
    )
    message = standard_email(reminder, content)
    message.to = [user.email]
    return message


def _skip_login(reminder, now: datetime) -> str:
    return "" if reminder.subject.user_id else "the client has no portal login"


def _skip_confirm(reminder, now: datetime) -> str:
    client = reminder.subject
    if not client.user_id:
        return "the client has no portal login"
    return "already confirmed" if client.user.email.lower() == client.email.lower() else ""


def _skip_reset(reminder, now: datetime) -> str:
    return "" if reminder.subject.is_active else "the account is deactivated"


def register_kinds() -> None:
    link, confirm, reset = PortalMessage.LOGIN_LINK, PortalMessage.CONFIRM_EMAIL, PortalMessage.PASSWORD_RESET
    kinds.register(
        kinds.MessageKind(
            link.value, link.label, Client, build_login_email, skip_reason=_skip_login, related=("user",)
        ),
        kinds.MessageKind(
            confirm.value, confirm.label, Client, build_confirm_email, skip_reason=_skip_confirm, related=("user",)
        ),
        kinds.MessageKind(reset.value, reset.label, User, build_reset_email, skip_reason=_skip_reset),
    )
