from django.apps import AppConfig


class FrontdeskConfig(AppConfig):
    name = "frontdesk"
    verbose_name = "Staff home"

    def ready(self):
        from bookings.grid_cache import watch
        from bookings.models import SessionNote
        from clients.models import ClientConsent, Screening
        from intake.models import Intake
        from payments.models import LedgerEntry
        from quotes.models import Quote

        # Beyond the calendar's own models, what the staff home's cached body reads (frontdesk/views.py).
        watch(Screening, SessionNote, ClientConsent, Quote, LedgerEntry, Intake)
