"""The clinic's figures, read from the database at scrape time.

Counted from the rows rather than incremented in code: the same answer from any process (no
multiprocess files), and right after a restart. A constant 3 queries whatever the data. A row an
erasure deletes lowers a "total"; Prometheus reads a fall as a counter reset, so rates stay right.
"""

from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from bookings.selectors import appointment_counts
from outbox import kinds
from outbox.models import OPEN, Status
from outbox.selectors import KindTotals, totals_by_kind
from quotes.selectors import issued_quote_count

ENDED = (Status.SENT, Status.FAILED, Status.SKIPPED, Status.CANCELLED)
NONE = KindTotals(0, 0, None)


class DatabaseFigures:
    """A prometheus_client collector (no `describe`: registering it must not query)."""

    def collect(self):
        now = timezone.now()
        yield from self._outbox(now)
        quotes = CounterMetricFamily("clinic_quotes_issued", "Quotes issued (numbered).")
        quotes.add_metric([], issued_quote_count())
        yield quotes
        bookings = CounterMetricFamily(
            "clinic_bookings", "Appointments made, cancelled ones included.", labels=["kind", "source"]
        )
        for (kind, source), n in sorted(appointment_counts().items()):
            bookings.add_metric([kind, source], n)
        yield bookings

    def _outbox(self, now):
        totals = totals_by_kind(now=now)
        # Every registered kind, with zeros: a series that appears late breaks rate() at its start.
        names = sorted({value for value, _ in kinds.choices()} | {kind for kind, _ in totals})
        due = GaugeMetricFamily(
            "clinic_outbox_due", "Messages due and not sent yet (the outbox depth).", labels=["kind"]
        )
        ended = CounterMetricFamily(
            "clinic_outbox_messages",
            "Messages by how they ended: sent, failed, skipped, cancelled.",
            labels=["kind", "status"],
        )
        for kind in names:
            due.add_metric([kind], sum(totals.get((kind, status), NONE).due for status in OPEN))
            for status in ENDED:
                ended.add_metric([kind, status.value], totals.get((kind, status), NONE).rows)
        yield due
        yield ended
        waiting = [t.oldest_due_at for (_, status), t in totals.items() if status in OPEN and t.oldest_due_at]
        age = GaugeMetricFamily("clinic_outbox_oldest_due_age_seconds", "How long the oldest due message has waited.")
        age.add_metric([], (now - min(waiting)).total_seconds() if waiting else 0.0)
        yield age
