"""Reads for bookings: availability, the calendar grid, the team's lists, the picker, plan proposals, counts."""

from .appointments import artist_client_ids, clashes_with, session_move_window, upcoming_consultations
from .availability import (
    available_slots,
    bookable_artists,
    booking_window,
    consultation_service,
    distinct_times,
    nearest_free_slots,
    offered_slots,
    per_day_offer,
    slots_on,
)
from .calendar import CalendarDay, CalendarItem, calendar_days
from .closures import OpeningDays, opening_days
from .counts import appointment_counts
from .picker import Picker, build_picker
from .plans import Proposal, propose_session_dates, session_one_from, session_service

__all__ = [
    "CalendarDay",
    "CalendarItem",
    "OpeningDays",
    "Picker",
    "Proposal",
    "appointment_counts",
    "artist_client_ids",
    "available_slots",
    "bookable_artists",
    "booking_window",
    "build_picker",
    "calendar_days",
    "clashes_with",
    "consultation_service",
    "distinct_times",
    "nearest_free_slots",
    "offered_slots",
    "opening_days",
    "per_day_offer",
    "propose_session_dates",
    "session_move_window",
    "session_one_from",
    "session_service",
    "slots_on",
    "upcoming_consultations",
]
