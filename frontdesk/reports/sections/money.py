from clinic.money import format_gbp

from ..period import Period
from ..selectors.money import ledger_by_month, quotes_by_month
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
    ledger = ledger_by_month(period=period)
    collected, refunded = sum(m.collected for m in ledger), sum(m.refunded for m in ledger)
    ledger_table = Table(
        key="ledger",
        caption="Money taken and given back, by the month it happened",
        columns=[
            Column("Month"),
            Column("Collected", "gbp"),
            Column("Refunded", "gbp"),
            Column("Net", "gbp"),
            Column("Fees", "gbp"),
            Column("Written off", "gbp"),
            Column("Outstanding at month end", "gbp"),
        ],
        rows=[
            [f"{m.month:%B %Y}", m.collected, m.refunded, m.net, m.fees, m.written_off, m.outstanding] for m in ledger
        ],
        chart_columns=(1, 2),
        note=f"In all: {format_gbp(collected)} collected (deposits and payments), {format_gbp(refunded)} refunded. "
        "A refund counts in the month it was given, whenever the payment was; outstanding is what accepted quotes "
        "still owe at the end of each month.",
    )
    intro = "Quotes by the month they were issued, and the money from the ledger (desk and online payments)."
    return Section(key="money", title="Money", tables=[table, ledger_table], intro=intro)
