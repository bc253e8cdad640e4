"""Roles are Django groups; these are their names, kept in one place."""

STAFF = "Staff"  # reception and managers
MANAGER = "Manager"  # staff who may also override the quote price band
ARTIST = "Artist"
CLIENT = "Client"

ALL = (STAFF, ARTIST, CLIENT)


_GROUP_NAMES = "_clinic_group_names"  # the memo's attribute on a user object


def group_names(user) -> frozenset[str]:
    """The user's group names: one query per user object (a request loads its user afresh), not one per check.
    Adding or removing a user's groups (`user.groups.add(...)`) forgets it (clinic/users/apps.py)."""
    names = user.__dict__.get(_GROUP_NAMES)
    if names is None:
        names = user.__dict__[_GROUP_NAMES] = frozenset(user.groups.values_list("name", flat=True))
    return names


def forget_group_names(sender, instance, **kwargs) -> None:
    """m2m_changed receiver of the user-group table: the user whose groups changed reads them again."""
    instance.__dict__.pop(_GROUP_NAMES, None)


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
