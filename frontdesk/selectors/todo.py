"""The front desk's to-do list: what is waiting on the clinic, each with where to act.

Fifteen queries whatever the size of the clinic: the lists (most with their count), the failed messages,
the last backup and the last attempt.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftercare.messages import AftercareMessage
from bookings.models import Appointment, TimeOff, TreatmentPlan
from clinic.clock import clinic_tz, local_instant, local_today
from intake.models import Intake
from intake.selectors import intakes_waiting_for_review
from ops.models import Backup
from ops.selectors import last_backup, last_backup_attempt
from outbox.models import OPEN, Reminder
from payments.selectors.due import with_outstanding
from quotes.models import Quote

LISTED = 10  # rows per list; the count says how many there are in all
ANSWERED_DAYS = 7  # how long an answered quote stays on the list


@dataclass
class ToDo:
    quotes: list[Quote]
    quotes_count: int
    answered: list[Quote]  # accepted or declined in the last ANSWERED_DAYS days, newest first
    plans: list[TreatmentPlan]
    plans_count: int
    balances: list[Quote]  # accepted, a session booked or done, money still owed (annotated `outstanding`)
    balances_count: int
    failed_reminders: int
    time_off_clashes: list[TimeOff]
    top_ups: list[Reminder]
    top_ups_count: int
    intakes: list[Intake]  # sent by the client, screening not yet confirmed (intake:review)
    intakes_count: int
    last_backup: Backup | None
    last_backup_failed: bool

    @property
    def empty(self) -> bool:
        return not (
            self.quotes
            or self.answered
            or self.plans
            or self.balances
            or self.failed_reminders
            or self.time_off_clashes
            or self.top_ups
            or self.intakes
        )


def _month(today: date) -> tuple[datetime, datetime]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = clinic_tz()
    return local_instant(first, datetime.min.time(), tz), local_instant(following, datetime.min.time(), tz)


def _top_ups(today: date):
    month_start, month_end = _month(today)
    return Reminder.objects.filter(
        kind=AftercareMessage.TOP_UP, status__in=OPEN, due_at__gte=month_start, due_at__lt=month_end
    )


def unannounced_state(*, now: datetime | None = None) -> tuple:
    """What of the list the outbox and the backups write past the signals (bulk status updates), read for each
    request so a cached list (frontdesk/views.py) is never older than them: five index lookups, one round trip."""
    sql, params = _unannounced_sql(local_today(now=now).replace(day=1), clinic_tz())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@lru_cache(maxsize=2)
def _unannounced_sql(month: date, tz) -> tuple[str, list]:
    """Compiled once per month (and clinic time zone, whose midnights bound it) and process: the ORM's building
    and compiling of these five reads cost three times their round trip, on every staff home request (issue 16)."""
    top_ups = _top_ups(month)
    return _one_round_trip(
        (
            "(SELECT count(*) FROM ({}) AS q)",
            Reminder.objects.filter(status=Reminder.Status.FAILED).order_by().values("pk"),
        ),
        ("(SELECT count(*) FROM ({}) AS q)", top_ups.order_by().values("pk")),
        (
            "(SELECT json_agg(q) FROM ({}) AS q)",
            top_ups.order_by("due_at", "pk").values("pk", "due_at", "client")[:LISTED],
        ),
        ("(SELECT json_agg(q) FROM ({}) AS q)", Backup.objects.order_by("-started_at").values("pk", "status")[:1]),
        (
            "(SELECT json_agg(q) FROM ({}) AS q)",
            Backup.objects.filter(status=Backup.Status.SUCCEEDED).order_by("-finished_at").values("pk")[:1],
        ),
    )


def _one_round_trip(*reads) -> tuple[str, list]:
    """One row of scalar subqueries, each (SQL around "{}", a queryset the ORM compiles into it)."""
    parts, params = [], []
    for around, queryset in reads:
        sql, sql_params = queryset.query.sql_with_params()
        parts.append(around.format(sql))
        params.extend(sql_params)
    return "SELECT " + ", ".join(parts), params


def to_do(*, now: datetime | None = None) -> ToDo:
    now = now or timezone.now()
    today = local_today(now=now)
    quotes = Quote.objects.filter(status=Quote.Status.ISSUED).select_related("client").order_by("valid_until", "pk")
    for quote in (quote_rows := list(quotes[:LISTED])):
        quote.days_left = (quote.valid_until - today).days
    since = now - timedelta(days=ANSWERED_DAYS)
    answered = (
        Quote.objects.filter(Q(accepted_at__gte=since) | Q(declined_at__gte=since))
        .filter(status__in=[Quote.Status.ACCEPTED, Quote.Status.DECLINED])
        .select_related("client")
        .annotate(
            answered_at=Coalesce("accepted_at", "declined_at"),
            # sessions of the accepted quote's plan still to put in the calendar (0: nothing to schedule)
            unscheduled=F("plan__session_count")
            - Count(
                "plan__sessions",
                filter=Q(plan__sessions__status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED]),
            ),
        )
        .order_by("-answered_at", "-pk")
    )
    # Counted per active plan (an index lookup each) rather than by joining every plan's sessions and grouping.
    scheduled = (
        Appointment.objects.filter(
            plan_id=OuterRef("pk"), status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED]
        )
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    plans = (
        TreatmentPlan.objects.filter(status=TreatmentPlan.Status.ACTIVE)
        .annotate(scheduled=Coalesce(Subquery(scheduled), 0))
        .filter(scheduled__lt=F("session_count"))
        .select_related("client", "artist")
        .order_by("created_at", "pk")
    )
    # A session booked or done: a semi-join (EXISTS), so the quotes are neither multiplied by their sessions nor
    # de-duplicated with DISTINCT, and only the ten listed are joined to their clients.
    session_booked = Appointment.objects.filter(
        plan_id=OuterRef("plan_id"), status__in=[Appointment.Status.BOOKED, Appointment.Status.ATTENDED]
    )
    balances = (
        with_outstanding(Quote.objects.filter(status=Quote.Status.ACCEPTED))
        .filter(Exists(session_booked), outstanding__gt=0)
        .select_related("client")
        .order_by("accepted_at", "pk")
    )
    clashing = Appointment.objects.filter(
        artist_id=OuterRef("artist_id"),
        status=Appointment.Status.BOOKED,
        start__lt=OuterRef("end"),
        end__gt=OuterRef("start"),
    )
    top_ups = _top_ups(today).select_related("client")
    intakes = intakes_waiting_for_review()
    attempt = last_backup_attempt()
    return ToDo(
        quotes=quote_rows,
        quotes_count=quotes.count(),
        answered=list(answered[:LISTED]),
        plans=list(plans[:LISTED]),
        plans_count=plans.count(),
        balances=list(balances[:LISTED]),
        balances_count=balances.count(),
        failed_reminders=Reminder.objects.filter(status=Reminder.Status.FAILED).count(),
        time_off_clashes=list(
            TimeOff.objects.alias(has_clash=Exists(clashing))
            .filter(end__gt=now, has_clash=True)
            .select_related("artist")
            .order_by("start")[:LISTED]
        ),
        top_ups=list(top_ups.order_by("due_at", "pk")[:LISTED]),
        top_ups_count=top_ups.count(),
        intakes=list(intakes[:LISTED]),
        intakes_count=intakes.count(),
        last_backup=last_backup(),
        last_backup_failed=attempt is not None and attempt.status == Backup.Status.FAILED,
    )
