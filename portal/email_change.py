"""A linked client's new e-mail address becomes their login's only once confirmed from that address.

Until then login links and password resets keep going to the login's own address (the one the client
confirmed), so a team member who edits the record cannot redirect someone's login.
"""

from django.core import signing
from django.db import transaction

from clients.models import Client
from clinic.audit import changed_because
from clinic.users.models import User

_SALT = "portal.confirm-login-email"
MAX_AGE_SECONDS = 3 * 24 * 3600


def make_email_token(user: User, new_email: str) -> str:
    # The current address is in it: once the change is made (or another is), the link is dead.
    return signing.dumps({"u": user.pk, "old": user.email.lower(), "new": new_email.lower()}, salt=_SALT)


def _pending(token: str, users) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    user = users.filter(pk=data.get("u"), is_active=True).select_related("client").first()
    client = getattr(user, "client", None) if user else None
    if client is None or user.email.lower() != data["old"] or client.email.lower() != data["new"]:
        return None  # used, superseded by a later change, or the record's address changed again
    return user, data["new"]


def pending_change(token: str) -> tuple[User, str] | None:
    return _pending(token, User.objects.all())


@transaction.atomic
def confirm_login_email(*, token: str) -> User | None:
    pending = _pending(token, User.objects.select_for_update(of=("self",)))
    if pending is None:
        return None
    user, new_email = pending
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        return None  # another login has it (checked when it was typed; taken since)
    user.email = new_email
    user.save(update_fields=["email"])
    with changed_because("Client confirmed their new login e-mail"):
        user.client.save(update_fields=["updated_at"])  # the audit trail's row for the change
    return user


def on_email_changed(sender, client_id: int, old_email: str, **kwargs) -> None:
    """clients.hooks.email_changed: ask the new address to confirm (only a linked client has a login)."""
    from .messages import queue_email_confirmation

    client = Client.objects.select_related("user").get(pk=client_id)
    if client.user_id and client.user.email.lower() != client.email.lower():
        queue_email_confirmation(client=client)
