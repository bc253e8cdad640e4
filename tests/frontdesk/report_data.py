"""Rows for the report tests, inserted directly with the dates a test needs (created_at included)."""

import itertools
from datetime import datetime
from decimal import Decimal

from aftercare.models import AftercareSchedule
from bookings.models import Appointment
from quotes.models import Quote
from tests.bookings.factories import AppointmentFactory

_numbers = itertools.count(1)


def consult(*, artist, client, start: datetime, booked: datetime, status="attended", **fields) -> Appointment:
    """A consultation booked at `booked` (its created_at) for `start`."""
    if status == "cancelled":
        fields.setdefault("cancelled_at", booked)
    appointment = AppointmentFactory(artist=artist, client=client, start=start, status=status, **fields)
    Appointment.objects.filter(pk=appointment.pk).update(created_at=booked)
    appointment.created_at = booked
    return appointment


def quote(*, client, issued_at: datetime, status="issued", total="1500.00", **fields) -> Quote:
    """An issued quote (numbered, no PDF) with its answer's time in `fields` (accepted_at, declined_at)."""
    n = next(_numbers)
    total = Decimal(total)
    return Quote.objects.create(
        client=client,
        status=status,
        treatment_type="crown",
        subtotal=total,
        total=total,
        year=issued_at.year,
        sequence=n,
        number=f"Q-{issued_at.year}-{n:04d}",
        issued_at=issued_at,
        valid_until=issued_at.date(),
        **fields,
    )


def final_aftercare(*, plan, session, starts_on, ends_on) -> AftercareSchedule:
    return AftercareSchedule.objects.create(
        client=plan.client,
        plan=plan,
        session=session,
        purpose="final",
        template_name="30-day aftercare",
        starts_on=starts_on,
        ends_on=ends_on,
    )
