"""The client journey as a funnel: consultation booked → attended → quoted → accepted → first session →
plan completed → aftercare finished, for the clients whose consultation lies in the period.

One query: per client (so a cancelled-then-rebooked consultation counts once) the moment of each step,
each looked up from the consultation on; the outer aggregate counts the clients who reached each step
having reached every step before it, and the median days between consecutive steps.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery

from aftercare.models import AftercareSchedule
from bookings.models import Appointment, Service, TreatmentPlan
from clients.models import Client
from quotes.models import Quote

from ..period import Period
from ..sql import DaysBetween, Median

STEPS = [
    ("booked", "Consultation booked"),
    ("attended", "Consultation attended"),
    ("quoted", "Quoted"),
    ("accepted", "Quote accepted"),
    ("first_session", "First session done"),
    ("completed", "Plan completed"),
    ("aftercare", "Aftercare finished"),
]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    clients: int
    conversion: float | None  # from the previous step, 0–1
    drop_off: int | None
    median_days: float | None  # from the previous step


def _first(qs, field: str) -> Subquery:
    """The earliest `field` of the rows of `qs` (correlated to the outer client)."""
    return Subquery(qs.filter(client_id=OuterRef("pk")).order_by(field).values(field)[:1])


def funnel(*, period: Period, today: date) -> list[Step]:
    consultations = Appointment.objects.filter(
        service__slug=Service.CONSULTATION, start__gte=period.start, start__lt=period.end
    )
    if period.artist:
        consultations = consultations.filter(artist=period.artist)
    after = OuterRef("attended_at")
    issued = Quote.objects.exclude(status=Quote.Status.DRAFT).filter(issued_at__gte=after)
    per_client = (
        Client.objects.filter(pk__in=consultations.values("client_id"))
        .annotate(
            booked_at=_first(consultations, "created_at"),
            attended_at=_first(consultations.filter(status=Appointment.Status.ATTENDED), "start"),
        )
        .annotate(
            quoted_at=_first(issued, "issued_at"),
            accepted_at=_first(issued.filter(accepted_at__isnull=False), "accepted_at"),
            first_session_at=_first(
                Appointment.objects.filter(session_number=1, status=Appointment.Status.ATTENDED, start__gte=after),
                "start",
            ),
            completed_at=_first(TreatmentPlan.objects.filter(completed_at__gte=after), "completed_at"),
            aftercare_at=_first(
                AftercareSchedule.objects.filter(
                    purpose=AftercareSchedule.Purpose.FINAL, starts_on__gte=after, ends_on__lt=today
                ),
                "ends_on",
            ),
        )
    )
    figures, reached = {}, Q()
    previous = None
    for name, _ in STEPS:
        reached &= Q(**{f"{name}_at__isnull": False})
        figures[f"{name}_clients"] = Count("pk", filter=reached)
        if previous:
            figures[f"{name}_days"] = Median(DaysBetween(f"{previous}_at", f"{name}_at"), filter=reached)
        previous = name
    return _steps(per_client.aggregate(**figures))


def _steps(figures: dict) -> list[Step]:
    steps, before = [], None
    for name, label in STEPS:
        clients = figures[f"{name}_clients"]
        steps.append(
            Step(
                name=name,
                label=label,
                clients=clients,
                conversion=(clients / before if before else None) if before is not None else None,
                drop_off=before - clients if before is not None else None,
                median_days=figures.get(f"{name}_days"),
            )
        )
        before = clients
    return steps
