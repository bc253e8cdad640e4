"""Which days the clinic is open: a weekday on which any active artist works, and not in a dated closure."""

from dataclasses import dataclass
from datetime import date, timedelta

from ..models import ClinicClosure, WorkingHours


@dataclass(frozen=True)
class OpeningDays:
    weekdays: frozenset[int]
    closures: tuple[ClinicClosure, ...]

    def is_open(self, day: date) -> bool:
        # No hours entered yet: nothing to go by, so every day counts as open (nothing moves).
        return (not self.weekdays or day.weekday() in self.weekdays) and not any(c.covers(day) for c in self.closures)

    def next_open(self, day: date) -> date:
        """`day` when the clinic is open then, else the first open day after it (`day` if none within a year)."""
        return next((d for d in (day + timedelta(days=n) for n in range(366)) if self.is_open(d)), day)


def opening_days() -> OpeningDays:
    """Two queries; ask it for as many days as you like."""
    weekdays = WorkingHours.objects.filter(artist__is_active=True).values_list("weekday", flat=True)
    return OpeningDays(frozenset(weekdays), tuple(ClinicClosure.objects.all()))
