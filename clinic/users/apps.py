from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "clinic.users"
    label = "users"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from . import sessions  # noqa: F401  (its user_logged_in receiver sets the idle limit)
        from .roles import forget_group_names

        user = get_user_model()
        for through, name in ((user.groups.through, "group-names"), (user.user_permissions.through, "permission-ids")):
            m2m_changed.connect(forget_group_names, sender=through, dispatch_uid=f"clinic.users.{name}")
