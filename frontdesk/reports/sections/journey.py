from datetime import datetime

from clinic.clock import local_today

from ..period import Period
from ..selectors.funnel import funnel
from ..tables import Column, Table
from .base import Section


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
