"""Roles are Django groups; these are their names, kept in one place."""

STAFF = "Staff"  # reception and managers
MANAGER = "Manager"  # staff who may also override the quote price band
ARTIST = "Artist"
CLIENT = "Client"

ALL = (STAFF, ARTIST, CLIENT)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role).exists()


def is_staff_member(user) -> bool:
    return has_role(user, STAFF)


def is_team_account(user) -> bool:
    """Staff, managers, artists and admins: the accounts two-step login is for (never clients)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or hasattr(user, "artist"):
        return True
    return user.groups.exclude(name=CLIENT).exists()


def role_label(user) -> str:
    """ "Manager", "Reception", "Artist", "Client", "Admin": the hat a team member wore (groups prefetched)."""
    names = {g.name for g in user.groups.all()}
    for role, label in ((MANAGER, "Manager"), (STAFF, "Reception"), (ARTIST, "Artist"), (CLIENT, "Client")):
        if role in names:
            return label
    return "Admin" if user.is_superuser or user.is_staff else "Team"
