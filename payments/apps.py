from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from .policy import admin as policy_admin  # noqa: F401 (registers the policy's admin pages)
        from .policy import tasks as policy_tasks  # noqa: F401 (registers the hold-release task)
        from .policy.messages import register_kinds as register_policy_kinds
        from .policy.receivers import connect as connect_policy

        register_policy_kinds()
        connect_policy()
