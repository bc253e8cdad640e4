from clinic.money import format_gbp

from ..period import Period
from ..selectors.money import quotes_by_month
from ..tables import Column, Table
from .base import Section


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
