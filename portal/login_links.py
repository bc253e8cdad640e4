"""One-time e-mail login links for clients: signed, short-lived, dead once used.

The signed payload includes the user's last login time; using the link changes it under the user's row
lock, so a link works once, also when it is posted several times at the same instant.
"""

from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from clinic.users import roles
from clinic.users.models import User

_SALT = "clients.portal-login-link"
MAX_AGE_SECONDS = 30 * 60


def _stamp(user: User) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def make_login_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "l": _stamp(user)}, salt=_SALT, compress=True)


def _user_for(token: str, users) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    user = users.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("l") != _stamp(user) or not is_client_only(user):
        return None
    return user


def user_for_token(token: str) -> User | None:
    """Who the link is for, if it still works (reading it uses nothing up: the GET page)."""
    return _user_for(token, User.objects.all())


@transaction.atomic
def use_login_token(*, token: str) -> User | None:
    """Use the link up: the first of simultaneous posts changes the stamp under the row lock; the
    others wait for it and then find the link dead."""
    user = _user_for(token, User.objects.select_for_update())
    if user is None:
        return None
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


def is_client_only(user: User) -> bool:
    """E-mail links are for clients: staff, artists and admins always log in with their password."""
    return not roles.is_team_account(user)


@transaction.atomic
def portal_user_for(client: Client) -> User | None:
    """The client's login, created on first use (no password: they log in by link until they set one).

    None when that e-mail address belongs to a team account: a public booking must never attach
    someone's staff login to a client record, nor open it without a password.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)  # two link requests at once: one user
    if client.user_id:
        return client.user if is_client_only(client.user) else None
    if not client.email:
        return None  # no address to log in with (booked by phone): the portal waits until one is added
    user, _ = User.objects.get_or_create(
        email__iexact=client.email, defaults={"email": client.email.lower(), "full_name": client.full_name}
    )
    if not is_client_only(user):
        return None
    if not user.password:  # created just now: no password until they choose one
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=roles.CLIENT)[0])
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    return user


def client_for_login(email: str) -> Client | None:
    """The client whose login this address is, or an unlinked client with this address (their first link).

    A linked client is found by their login's own address, never by the contact address on the record
    (which the team can edit): links go only to the address the account holder confirmed.
    """
    user = User.objects.filter(email__iexact=email, is_active=True).select_related("client").first()
    if user is not None:
        client = getattr(user, "client", None)
        return client if client is not None and is_client_only(user) else None
    client = Client.objects.filter(email__iexact=email, user__isnull=True).first()
    return client if client is not None and portal_user_for(client) is not None else None
