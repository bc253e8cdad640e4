from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records (audit trail, UK GDPR export and erasure)"

    def ready(self) -> None:
        from bookings import flags
        from bookings.models import BookingPolicy, Service
        from clients.models import ClientConsent, ConsentText, PatchTest

        from .flags import consent_flags, patch_test_flags

        flags.register(consent_flags, sources=[ClientConsent, ConsentText, Service])
        flags.register(patch_test_flags, sources=[PatchTest, BookingPolicy])
