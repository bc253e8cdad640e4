from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Online intake"

    def ready(self) -> None:
        from bookings import flags, next_steps
        from bookings.hooks import consultation_booked, consultation_changed

        from .messages import register_kinds
        from .models import Intake
        from .providers import intake_flags, intake_next_step, on_consultation_changed

        register_kinds()
        flags.register(intake_flags, sources=[Intake])
        next_steps.register(intake_next_step)
        consultation_booked.connect(on_consultation_changed, dispatch_uid="intake-booked")
        consultation_changed.connect(on_consultation_changed, dispatch_uid="intake-changed")
