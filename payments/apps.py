from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from bookings import flags
        from quotes import notes
        from quotes.models import Quote

        from .flags import balance_flags, quote_balance_notes
        from .hooks import entry_recorded
        from .messages import register_kinds
        from .models import LedgerEntry
        from .policy import admin as policy_admin  # noqa: F401 (registers the policy's admin pages)
        from .policy import tasks as policy_tasks  # noqa: F401 (registers the hold-release task)
        from .policy.messages import register_kinds as register_policy_kinds
        from .policy.receivers import connect as connect_policy
        from .receivers import on_entry_recorded

        register_kinds()
        entry_recorded.connect(on_entry_recorded, dispatch_uid="payments.receipt_files")
        flags.register(balance_flags, staff_only=True, sources=[Quote, LedgerEntry])
        notes.register(quote_balance_notes)
        register_policy_kinds()
        connect_policy()
