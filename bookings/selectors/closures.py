"""Which days the clinic is open: a weekday on which any active artist works, and not in a dated closure."""

from dataclasses import dataclass
from datetime import date, timedelta

from ..models import ClinicClosure, WorkingHours


@dataclass(frozen=True)
class Closures:
    """The dated closures (25 December…), asked day by day: the one test of "closed" for slots and schedules."""

    rows: tuple[ClinicClosure, ...]

    def covers(self, day: date) -> bool:
        return any(closure.covers(day) for closure in self.rows)


def clinic_closures() -> Closures:
    """One query."""
    return Closures(tuple(ClinicClosure.objects.all()))


@dataclass(frozen=True)
class OpeningDays:
    weekdays: frozenset[int]
    closures: Closures

    def is_open(self, day: date) -> bool:
        # No hours entered yet: nothing to go by, so every day counts as open (nothing moves).
        return (not self.weekdays or day.weekday() in self.weekdays) and not self.closures.covers(day)

    def next_open(self, day: date) -> date:
        """`day` when the clinic is open then, else the first open day after it (`day` if none within a year)."""
        return next((d for d in (day + timedelta(days=n) for n in range(366)) if self.is_open(d)), day)


def opening_days() -> OpeningDays:
    """Two queries; ask it for as many days as you like."""
    weekdays = WorkingHours.objects.filter(artist__is_active=True).values_list("weekday", flat=True)
    return OpeningDays(frozenset(weekdays), clinic_closures())
