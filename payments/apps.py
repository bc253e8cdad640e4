from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from bookings import flags
        from quotes import notes

        from .flags import balance_flags, quote_balance_notes
        from .hooks import entry_recorded
        from .messages import register_kinds
        from .receivers import on_entry_recorded

        register_kinds()
        entry_recorded.connect(on_entry_recorded, dispatch_uid="payments.receipt_files")
        flags.register(balance_flags)
        notes.register(quote_balance_notes)
