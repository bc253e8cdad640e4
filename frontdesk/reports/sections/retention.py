from datetime import datetime

from aftercare.messages import AftercareMessage

from ..period import Period
from ..selectors.retention import messages_by_kind, top_ups_due
from ..tables import Column, Table
from .base import Section


def retention_section(*, period: Period, now: datetime) -> Section:
    top_ups = top_ups_due(now=now, artist=period.artist)
    coming = Table(
        key="top_ups",
        caption="Top-ups due in the next 3 months",
        columns=[Column("Month"), Column("Top-up reminders due", "count")],
        rows=[[f"{month:%B %Y}", n] for month, n in top_ups],
        chart_columns=(1,),
        note="From today, whatever the period: the top-up reminders still to go out in the next 90 days.",
    )
    by_kind = messages_by_kind(period=period)
    messages = Table(
        key="messages",
        caption="Messages due in the period",
        columns=[
            Column("Message"),
            Column("Sent", "count"),
            Column("Failed", "count"),
            Column("Skipped or cancelled", "count"),
            Column("Still to go", "count"),
        ],
        rows=[[k.label, k.sent, k.failed, k.skipped, k.waiting] for k in by_kind],
        chart_columns=(1, 2),
        note="The whole clinic's (a message names no artist). Skipped: no consent, or no longer relevant.",
    )
    check_ins = next((k.sent for k in by_kind if k.kind == AftercareMessage.CHECK_IN), 0)
    intro = f"Aftercare check-ins done in the period: {check_ins} (day-30 check-in e-mails sent)."
    return Section(key="retention", title="Retention", tables=[coming, messages], intro=intro)
