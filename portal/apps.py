from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        from clients.hooks import email_changed

        from .email_change import on_email_changed
        from .messages import register_kinds

        register_kinds()
        email_changed.connect(on_email_changed, dispatch_uid="portal.on_email_changed")
