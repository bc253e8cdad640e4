"""Money by month, on quotes until the ledger (payments) lands: what was quoted in each month and what became
of those quotes (accepted, declined or expired, still open). One query, grouped by the clinic's month."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth

from bookings.models import Appointment
from clinic.clock import clinic_tz
from quotes.models import Quote

from ..period import Period

LOST = (Quote.Status.DECLINED, Quote.Status.EXPIRED)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MonthMoney:
    month: date
    quoted: int = 0
    quoted_value: Decimal = ZERO
    accepted: int = 0
    accepted_value: Decimal = ZERO
    lost: int = 0
    lost_value: Decimal = ZERO
    open: int = 0


def _value(status) -> Sum:
    return Sum("total", filter=Q(status__in=status), default=ZERO)


def quotes_by_month(*, period: Period) -> list[MonthMoney]:
    """Every month of the period, by the month each quote was issued; a superseded quote counts as its new version."""
    quotes = Quote.objects.filter(issued_at__gte=period.start, issued_at__lt=period.end).exclude(
        status__in=[Quote.Status.DRAFT, Quote.Status.SUPERSEDED]
    )
    if period.artist:
        # Quotes carry no artist: those of the clients the artist has seen.
        quotes = quotes.filter(
            Exists(Appointment.objects.filter(client_id=OuterRef("client_id"), artist=period.artist))
        )
    rows = (
        quotes.annotate(month=TruncMonth("issued_at", tzinfo=clinic_tz()))
        .values("month")
        .annotate(
            quoted=Count("pk"),
            quoted_value=Sum("total", default=ZERO),
            accepted=Count("pk", filter=Q(status=Quote.Status.ACCEPTED)),
            accepted_value=_value([Quote.Status.ACCEPTED]),
            lost=Count("pk", filter=Q(status__in=LOST)),
            lost_value=_value(LOST),
            open=Count("pk", filter=Q(status=Quote.Status.ISSUED)),
        )
        .order_by("month")
    )
    found = {row.pop("month").date(): row for row in rows}
    return [MonthMoney(month=m, **found.get(m, {})) for m in period.months()]
