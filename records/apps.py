from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records (audit trail, UK GDPR export and erasure)"

    def ready(self) -> None:
        from bookings import flags

        from .flags import consent_flags, patch_test_flags

        flags.register(consent_flags)
        flags.register(patch_test_flags)
