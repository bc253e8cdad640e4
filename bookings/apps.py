from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .availability_cache import calendar_changed
        from .models import Appointment, Artist, BookingPolicy, Service, TimeOff, WorkingHours

        # Everything free slots are computed from: a change to any of it retires cached answers.
        for model in (Appointment, Artist, BookingPolicy, Service, TimeOff, WorkingHours):
            for signal in (post_save, post_delete):
                signal.connect(calendar_changed, sender=model, dispatch_uid=f"availability-{model.__name__}")
