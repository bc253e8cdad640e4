from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from bookings import flags

        from .flags import balance_flags
        from .hooks import entry_recorded
        from .messages import register_kinds
        from .receivers import on_entry_recorded

        register_kinds()
        entry_recorded.connect(on_entry_recorded, dispatch_uid="payments.receipt_files")
        flags.register(balance_flags)
