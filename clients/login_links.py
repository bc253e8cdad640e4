"""One-time e-mail login links for clients: signed, short-lived, dead once used.

The signed payload includes the user's last login time; logging in changes it, so a link works once.
"""

from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction

from clinic.users import roles
from clinic.users.models import User

from .models import Client

_SALT = "clients.portal-login-link"
MAX_AGE_SECONDS = 30 * 60


def _stamp(user: User) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def make_login_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "l": _stamp(user)}, salt=_SALT, compress=True)


def user_for_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("l") != _stamp(user):
        return None
    return user


@transaction.atomic
def portal_user_for(client: Client) -> User:
    """The client's login, created on first use (no password: they log in by link until they set one)."""
    if client.user_id:
        return client.user
    user = User.objects.filter(email__iexact=client.email).first()
    if user is None:
        user = User.objects.create_user(email=client.email, full_name=client.full_name)
    user.groups.add(Group.objects.get_or_create(name=roles.CLIENT)[0])
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    return user
