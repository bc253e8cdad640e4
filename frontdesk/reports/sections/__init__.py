"""The report page's sections, in the order the owner reads them; each section's figures come from its selector."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from ..period import Period
from ..tables import Table
from .base import Section
from .diary import diary_section
from .journey import journey_section
from .money import money_section
from .retention import retention_section


@dataclass
class Report:
    period: Period
    sections: list[Section] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)


def build_report(*, period: Period, now: datetime | None = None) -> Report:
    now = now or timezone.now()
    sections = [
        journey_section(period=period, now=now),
        money_section(period=period),
        diary_section(period=period),
        retention_section(period=period, now=now),
    ]
    return Report(period=period, sections=sections)
