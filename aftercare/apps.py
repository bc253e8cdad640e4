from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = "Aftercare"

    def ready(self) -> None:
        from bookings.hooks import plan_completed, session_completed

        from .messages import register_kinds
        from .services.schedules import on_plan_completed, on_session_completed

        register_kinds()
        plan_completed.connect(on_plan_completed, dispatch_uid="aftercare.final_schedule")
        session_completed.connect(on_session_completed, dispatch_uid="aftercare.between_schedule")
