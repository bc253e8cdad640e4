from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from clients.models import Client
        from clients.visibility import register_artist_links

        from .availability_cache import calendar_changed
        from .grid_cache import watch, watch_permissions
        from .messages import register_kinds
        from .models import (
            Appointment,
            Artist,
            BookingPolicy,
            ClinicClosure,
            Service,
            TimeOff,
            TreatmentPlan,
            WorkingHours,
        )
        from .selectors import artist_client_ids

        register_kinds()
        register_artist_links(artist_client_ids)  # an artist sees the clients they have appointments or plans with
        # Everything free slots are computed from: a change to any of it retires cached answers.
        for model in (Appointment, Artist, BookingPolicy, ClinicClosure, Service, TimeOff, WorkingHours):
            for signal in (post_save, post_delete):
                signal.connect(calendar_changed, sender=model, dispatch_uid=f"availability-{model.__name__}")
        # And what the calendar grid's cached body is drawn from (flag providers name their own sources).
        watch(Appointment, Artist, BookingPolicy, ClinicClosure, Service, TimeOff, WorkingHours, TreatmentPlan, Client)
        watch_permissions()
