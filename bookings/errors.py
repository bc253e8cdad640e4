"""Domain errors raised by booking services; views turn them into form errors or 409/422."""

from clinic.errors import DomainError


class BookingError(DomainError):
    field = "start"


class InvalidBookingTime(BookingError):
    """The requested start can never be booked (past, off-grid, outside hours, beyond the horizon)."""


class SlotUnavailable(BookingError):
    """The start is valid but no longer free (taken meanwhile, or the artist is away)."""


class NotChangeable(BookingError):
    """The appointment can no longer be cancelled or moved (already cancelled or under way)."""

    field = None


class OutsideSpacingRules(BookingError):
    """A session is too close to its neighbour (staff may override with a reason)."""


class SessionOrderError(OutsideSpacingRules):
    """Sessions out of order (or on the same day): never overridable."""


class PatchTestNotClear(BookingError):
    """Session 1 before the clinic's patch-test rule allows (BookingPolicy; staff may override with a reason)."""


class PlanNotSchedulable(BookingError):
    """Screening, consent or the plan's state does not allow scheduling sessions."""

    field = None
