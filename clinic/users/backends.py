"""Django's ModelBackend, whose get_user (run once per signed-in request) brings in one round trip what every
team page then asks of the user: their group names, their own permission ids, whether they have a confirmed
two-step device, and their artist profile.

Four ORM queries before, about 2.3 ms of a team page; the ORM's building and compiling of one query that
reads it all cost 1.4 ms of its 2 ms (profiled, issue 16). So the SQL is written once per process from the
models' own tables and columns, and the rows become model instances through Model.from_db, as the ORM's.
"""

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import User

PATH = "clinic.users.backends.UserBackend"
# Sessions signed in before this backend name Django's own; SessionIdleMiddleware moves them on to this one.
DJANGO_PATH = "django.contrib.auth.backends.ModelBackend"


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = load_user(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


def load_user(pk) -> User | None:
    """The user with their roles, own permissions, device flag and artist (or None) in one round trip."""
    sql, user_fields, artist_fields, artist_relation = _select()
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    users, extras = len(user_fields), 3
    user = User.from_db(connection.alias, [f.attname for f in user_fields], row[:users])
    group_names, permission_ids, has_device = row[users : users + extras]
    roles.remember(user, group_names=group_names, permission_ids=permission_ids, has_device=has_device)
    artist_row = row[users + extras :]
    artist = None
    if artist_row[0] is not None:  # its primary key: the LEFT JOIN found an artist profile
        artist = artist_relation.related_model.from_db(connection.alias, [f.attname for f in artist_fields], artist_row)
        artist_relation.field.set_cached_value(artist, user)
    artist_relation.set_cached_value(user, artist)  # as select_related: `user.artist` reads no more
    return user


@cache
def _select():
    # The artist profile is the app above's, reached through the relation it declares (clinic imports no app).
    artist_relation = User._meta.get_field("artist")
    artist_model = artist_relation.related_model
    user_fields, artist_fields = User._meta.concrete_fields, artist_model._meta.concrete_fields
    groups, permissions = User.groups.through._meta, User.user_permissions.through._meta
    columns = [f'u."{f.column}"' for f in user_fields] + [f'a."{f.column}"' for f in artist_fields]
    # Names from the models' _meta, never from input.
    sql = (
        f"SELECT {', '.join(columns[: len(user_fields)])},"  # noqa: S608
        f' ARRAY(SELECT g."name" FROM "{groups.db_table}" ug JOIN "{Group._meta.db_table}" g ON g."id" = ug."group_id"'
        ' WHERE ug."user_id" = u."id"),'
        f' ARRAY(SELECT up."permission_id" FROM "{permissions.db_table}" up WHERE up."user_id" = u."id"),'
        f' EXISTS(SELECT 1 FROM "{TOTPDevice._meta.db_table}" d WHERE d."user_id" = u."id" AND d."confirmed"),'
        f" {', '.join(columns[len(user_fields) :])}"
        f' FROM "{User._meta.db_table}" u'
        f' LEFT JOIN "{artist_model._meta.db_table}" a ON a."{artist_relation.field.column}" = u."id"'
        ' WHERE u."id" = %s'
    )
    return sql, user_fields, artist_fields, artist_relation
