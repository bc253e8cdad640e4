"""Counts for monitors (ops metrics): how many appointments were ever made, by kind and source."""

from django.db.models import Count, Q

from ..models import Appointment


def appointment_counts() -> dict[tuple[str, str], int]:
    """(kind, source) → appointments made, cancelled ones included; kind is "consultation" or "session".
    One query, whatever the number of rows."""
    rows = (
        Appointment.objects.order_by()
        .values_list("source")
        .annotate(
            consultations=Count("pk", filter=Q(plan__isnull=True)), sessions=Count("pk", filter=Q(plan__isnull=False))
        )
    )
    counts: dict[tuple[str, str], int] = {}
    for source, consultations, sessions in rows:
        counts["consultation", source] = consultations
        counts["session", source] = sessions
    return counts
