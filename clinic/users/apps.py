from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "clinic.users"
    label = "users"
    verbose_name = "Users and roles"
