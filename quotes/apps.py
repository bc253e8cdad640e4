from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"
    verbose_name = "Quotes"

    def ready(self) -> None:
        from .answer_emails import register_answer_kinds
        from .messages import register_kinds

        register_kinds()
        register_answer_kinds()
