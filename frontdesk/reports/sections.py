"""The report page's sections, in the order the owner reads them; each section's figures come from its selector."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from clinic.clock import local_today
from clinic.money import format_gbp

from .funnel import funnel
from .money import quotes_by_month
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


def money_section(*, period: Period) -> Section:
    months = quotes_by_month(period=period)
    quoted, accepted = sum(m.quoted_value for m in months), sum(m.accepted_value for m in months)
    table = Table(
        key="money",
        caption="Quotes by the month they were issued",
        columns=[
            Column("Month"),
            Column("Quoted", "count"),
            Column("Quoted value", "gbp"),
            Column("Accepted", "count"),
            Column("Accepted value", "gbp"),
            Column("Declined or expired", "count"),
            Column("Declined or expired value", "gbp"),
            Column("Still open", "count"),
        ],
        rows=[
            [f"{m.month:%B %Y}", m.quoted, m.quoted_value, m.accepted, m.accepted_value, m.lost, m.lost_value, m.open]
            for m in months
        ],
        chart_columns=(2, 4),
        note=f"In all: {sum(m.quoted for m in months)} quotes, {format_gbp(quoted)} quoted, "
        f"{format_gbp(accepted)} accepted. A re-issued quote counts once, as its new version."
        + (" For one artist: the quotes of clients they have seen." if period.artist else ""),
    )
    intro = (
        "On quotes for now: what was collected (deposits and payments), refunded and is outstanding comes "
        "with payments."
    )
    return Section(key="money", title="Money", tables=[table], intro=intro)


def build_report(*, period: Period, now: datetime | None = None) -> Report:
    now = now or timezone.now()
    return Report(period=period, sections=[journey_section(period=period, now=now), money_section(period=period)])
