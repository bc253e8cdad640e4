"""The report page's sections, in the order the owner reads them; each section's figures come from its selector."""

from dataclasses import dataclass, field
from datetime import datetime

from .period import Period
from .tables import Table


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str = ""


@dataclass
class Report:
    period: Period
    sections: list[Section] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)


def build_report(*, period: Period, now: datetime | None = None) -> Report:
    return Report(period=period, sections=[])
