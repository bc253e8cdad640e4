"""Writes for bookings. `check_*` validates; the verbs change state, atomically."""

from .checks import check_bookable_start
from .consultations import book_consultation, cancel_appointment, reschedule_appointment

__all__ = ["book_consultation", "cancel_appointment", "check_bookable_start", "reschedule_appointment"]
