"""Writes for bookings. `check_*` validates (and takes the locks it needs); the verbs change state, atomically."""

from .calendar import add_time_off, change_time_off, regenerate_calendar_secret, remove_time_off
from .checks import check_bookable_start
from .consultations import book_consultation, cancel_appointment, reschedule_appointment
from .outcomes import add_session_note, record_outcome
from .plans import cancel_plan, check_spacing, create_plan
from .sessions import reschedule_session, schedule_session

__all__ = [
    "add_session_note",
    "add_time_off",
    "book_consultation",
    "cancel_appointment",
    "cancel_plan",
    "change_time_off",
    "check_bookable_start",
    "check_spacing",
    "create_plan",
    "record_outcome",
    "regenerate_calendar_secret",
    "remove_time_off",
    "reschedule_appointment",
    "reschedule_session",
    "schedule_session",
]
