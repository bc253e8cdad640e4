from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "Photos"

    def ready(self) -> None:
        from bookings import flags

        from .flags import photo_flags
        from .models import Photo

        flags.register(photo_flags, sources=[Photo])  # "Photos: 4" on sessions (and consultations with intake photos)
