"""The report page's sections, in the order the owner reads them; each section's figures come from its selector."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from clinic.clock import local_today

from .funnel import funnel
from .period import Period
from .tables import Column, Table


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


def journey_section(*, period: Period, now: datetime) -> Section:
    steps = funnel(period=period, today=local_today(now=now))
    table = Table(
        key="funnel",
        caption="Journey funnel",
        columns=[
            Column("Step"),
            Column("Clients", "count"),
            Column("From the step before", "percent"),
            Column("Dropped off", "count"),
            Column("Median days from the step before", "days"),
        ],
        rows=[[s.label, s.clients, s.conversion, s.drop_off, s.median_days] for s in steps],
        chart_columns=(1,),
        note="Each client once, from their consultation in the period; each step counted only after the ones before.",
    )
    return Section(key="journey", title="The client journey", tables=[table])


def build_report(*, period: Period, now: datetime | None = None) -> Report:
    now = now or timezone.now()
    return Report(period=period, sections=[journey_section(period=period, now=now)])
