from .appointments import ACTIVE_STATUSES, LIVE_STATUSES, Appointment, AppointmentSource, AppointmentStatus
from .calendar import Artist, BookingPolicy, Service, TimeOff, WorkingHours, new_calendar_secret
from .closures import ClinicClosure
from .plans import SessionNote, SpacingRules, TreatmentPlan

__all__ = [
    "ACTIVE_STATUSES",
    "LIVE_STATUSES",
    "Appointment",
    "AppointmentSource",
    "AppointmentStatus",
    "Artist",
    "BookingPolicy",
    "ClinicClosure",
    "Service",
    "SessionNote",
    "SpacingRules",
    "TimeOff",
    "TreatmentPlan",
    "WorkingHours",
    "new_calendar_secret",
]
