from django.apps import AppConfig


class StripeConfig(AppConfig):
    name = "payments.stripe"
    label = "payments_stripe"
    verbose_name = "Online payments (Stripe)"

    def ready(self) -> None:
        from .quote_page import register_pay_panel

        register_pay_panel()
