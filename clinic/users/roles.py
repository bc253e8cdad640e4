"""Roles are Django groups; these are their names, kept in one place."""

STAFF = "Staff"  # reception and managers
MANAGER = "Manager"  # staff who may also override the quote price band
ARTIST = "Artist"
CLIENT = "Client"

ALL = (STAFF, ARTIST, CLIENT)


# Memos on a user object (a request loads its user afresh): read once per user object, not once per check.
# The signed-in user's come with it (clinic/users/backends.py); any other user object reads them on first use.
# getattr/setattr, not __dict__: request.user is a lazy proxy, which passes them on to the user object.
_GROUP_NAMES = "_clinic_group_names"
_PERMISSION_IDS = "_clinic_permission_ids"
_HAS_DEVICE = "_clinic_has_device"


def remember(user, *, group_names, permission_ids, has_device: bool) -> None:
    setattr(user, _GROUP_NAMES, frozenset(group_names))
    setattr(user, _PERMISSION_IDS, frozenset(permission_ids))
    setattr(user, _HAS_DEVICE, has_device)


def group_names(user) -> frozenset[str]:
    """The user's group names. Adding or removing a user's groups (`user.groups.add(...)`) forgets them
    (clinic/users/apps.py)."""
    names = getattr(user, _GROUP_NAMES, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _GROUP_NAMES, names)
    return names


def own_permission_ids(user) -> frozenset[int]:
    """The ids of the permissions given to the user themself (not through a group); forgotten as group names."""
    ids = getattr(user, _PERMISSION_IDS, None)
    if ids is None:
        ids = frozenset(user.user_permissions.values_list("pk", flat=True))
        setattr(user, _PERMISSION_IDS, ids)
    return ids


def has_confirmed_device(user) -> bool:
    """Whether the user has a confirmed two-step (TOTP) device: as of when the user object was loaded."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # here: roles is imported while models load

    found = getattr(user, _HAS_DEVICE, None)
    if found is None:
        found = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        setattr(user, _HAS_DEVICE, found)
    return found


def forget_group_names(sender, instance, **kwargs) -> None:
    """m2m_changed receiver of the user-group and user-permission tables: that user reads them again."""
    instance.__dict__.pop(_GROUP_NAMES, None)
    instance.__dict__.pop(_PERMISSION_IDS, None)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role in group_names(user)


def is_staff_member(user) -> bool:
    return has_role(user, STAFF)


def is_team_account(user) -> bool:
    """Staff, managers, artists and admins: the accounts two-step login is for (never clients)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or hasattr(user, "artist"):
        return True
    return bool(group_names(user) - {CLIENT})


def role_label(user) -> str:
    """ "Manager", "Reception", "Artist", "Client", "Admin": the hat a team member wore (groups prefetched)."""
    names = {g.name for g in user.groups.all()}
    for role, label in ((MANAGER, "Manager"), (STAFF, "Reception"), (ARTIST, "Artist"), (CLIENT, "Client")):
        if role in names:
            return label
    return "Admin" if user.is_superuser or user.is_staff else "Team"
