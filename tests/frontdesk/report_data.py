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


def sample_clinic(*, artists, months: int = 12) -> None:
    """A year of journeys for `artists` ending in November 2026: consultations (some missed or cancelled late),
    quotes (accepted, declined, open), first sessions, completed plans with aftercare; for pages and pictures."""
    from datetime import timedelta

    from bookings.models import TreatmentPlan
    from tests.bookings.factories import SessionFactory, TreatmentPlanFactory
    from tests.clients.factories import ClientFactory
    from tests.helpers import london

    for m in range(months):
        year, month = (2025, 12) if m == 0 else (2026, m)
        for a, artist in enumerate(artists):
            for k in range(2 + (m + a) % 3):
                who = ClientFactory()
                start = london(year, month, 2 + 3 * k + a, 10 + a, 0)
                status = ("no_show", "cancelled", "attended", "attended", "attended")[(m + k + a) % 5]
                source = ("online", "staff", "online", "api")[(k + a) % 4]
                consult(
                    artist=artist, client=who, start=start, booked=start - timedelta(days=3 + (k * 5 + m) % 20),
                    status=status, source=source,
                    **({"cancelled_at": start - timedelta(hours=6)} if status == "cancelled" else {}),
                )  # fmt: skip
                if status != "attended":
                    continue
                outcome = ("accepted", "accepted", "declined", "issued")[(m + k) % 4]
                answered = {"accepted_at": start + timedelta(days=4)} if outcome == "accepted" else {}
                quote(client=who, issued_at=start + timedelta(days=1), status=outcome, total=f"{1500 + 150 * k}.00",
                      **answered)  # fmt: skip
                if outcome != "accepted" or m > 10:
                    continue
                done = m < 8
                plan = TreatmentPlanFactory(
                    client=who, artist=artist,
                    status=TreatmentPlan.Status.COMPLETED if done else TreatmentPlan.Status.ACTIVE,
                    completed_at=start + timedelta(days=70) if done else None,
                )  # fmt: skip
                first = SessionFactory(plan=plan, session_number=1, start=start + timedelta(days=14), end=start
                                       + timedelta(days=14, hours=3), blocked_until=start + timedelta(days=14, hours=3))  # fmt: skip
                if done:
                    day = (start + timedelta(days=70)).date()
                    schedule = final_aftercare(
                        plan=plan, session=first, starts_on=day, ends_on=day + timedelta(days=30)
                    )
                    _outbox(schedule, checked_in=start + timedelta(days=100), top_up=start + timedelta(days=365))


def _outbox(schedule, *, checked_in, top_up) -> None:
    """The schedule's day-30 check-in (sent, or failed for one in four) and its top-up reminder (open)."""
    from aftercare.messages import AftercareMessage
    from tests.outbox.factories import ReminderFactory

    failed = schedule.pk % 4 == 0
    ReminderFactory(
        schedule=schedule, kind=AftercareMessage.CHECK_IN, due_at=checked_in,
        status="failed" if failed else "sent", sent_at=None if failed else checked_in,
    )  # fmt: skip
    ReminderFactory(schedule=schedule, due_at=top_up)
