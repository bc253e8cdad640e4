from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "clinic.users"
    label = "users"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from . import sessions  # noqa: F401  (its user_logged_in receiver sets the idle limit)
