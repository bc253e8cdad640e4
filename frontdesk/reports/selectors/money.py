"""Money by month: what was quoted in each month and what became of those quotes (accepted, declined or expired,
still open), one query; and from the ledger (payments) what was collected, refunded and owed, two queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth

from bookings.models import Appointment
from clinic.clock import clinic_tz
from payments.models import EntryKind, LedgerEntry
from quotes.models import Quote

from ..period import Period

LOST = (Quote.Status.DECLINED, Quote.Status.EXPIRED)
LOWERS_BALANCE = (EntryKind.DEPOSIT, EntryKind.PAYMENT, EntryKind.WRITE_OFF)
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


@dataclass(frozen=True)
class MonthLedger:
    month: date
    collected: Decimal = ZERO  # deposits and payments taken in the month
    refunded: Decimal = ZERO  # refunds given in the month (whenever the payment was)
    fees: Decimal = ZERO
    written_off: Decimal = ZERO
    outstanding: Decimal = ZERO  # owed on accepted quotes at the month's end

    @property
    def net(self) -> Decimal:
        return self.collected - self.refunded


def _seen_by(queryset, artist, client_field: str):
    if not artist:
        return queryset
    return queryset.filter(Exists(Appointment.objects.filter(client_id=OuterRef(client_field), artist=artist)))


def ledger_by_month(*, period: Period) -> list[MonthLedger]:
    """Money moved in each month of the period, from the ledger, and what was owed at each month's end.

    Two queries grouped by the clinic's month: the entries up to the period's end, and the totals of the
    quotes accepted up to then (earlier months only feed the running "outstanding")."""
    tz = clinic_tz()
    accepted_quote = Q(quote__status=Quote.Status.ACCEPTED)
    entries = _seen_by(LedgerEntry.objects.filter(recorded_at__lt=period.end), period.artist, "quote__client_id")
    moved = (
        entries.annotate(month=TruncMonth("recorded_at", tzinfo=tz))
        .values("month")
        .annotate(
            collected=Sum("amount", filter=Q(kind__in=[EntryKind.DEPOSIT, EntryKind.PAYMENT]), default=ZERO),
            refunded=Sum("amount", filter=Q(kind=EntryKind.REFUND), default=ZERO),
            fees=Sum("amount", filter=Q(kind=EntryKind.FEE), default=ZERO),
            written_off=Sum("amount", filter=Q(kind=EntryKind.WRITE_OFF), default=ZERO),
            # On accepted quotes only, for "outstanding" (a refund after a decline owes nothing).
            owed_less=Sum("amount", filter=accepted_quote & Q(kind__in=LOWERS_BALANCE), default=ZERO),
            owed_more=Sum("amount", filter=accepted_quote & ~Q(kind__in=LOWERS_BALANCE), default=ZERO),
        )
        .order_by("month")
    )
    accepted = _seen_by(
        Quote.objects.filter(status=Quote.Status.ACCEPTED, accepted_at__lt=period.end), period.artist, "client_id"
    )
    owed = (
        accepted.annotate(month=TruncMonth("accepted_at", tzinfo=tz))
        .values("month")
        .annotate(value=Sum("total", default=ZERO))
        .order_by("month")
    )
    by_month = {row.pop("month").date(): row for row in moved}
    change = {month: row.pop("owed_more") - row.pop("owed_less") for month, row in by_month.items()}
    accepted_by_month = {row["month"].date(): row["value"] for row in owed}
    first = period.months()[0]
    running = ZERO
    for month in sorted(set(by_month) | set(accepted_by_month)):
        if month >= first:
            break
        running += accepted_by_month.get(month, ZERO) + change.get(month, ZERO)
    months = []
    for month in period.months():
        running += accepted_by_month.get(month, ZERO) + change.get(month, ZERO)
        months.append(MonthLedger(month=month, outstanding=running, **by_month.get(month, {})))
    return months
