"""The journey funnel against a hand-built clinic: each client once (a cancelled-then-rebooked consultation
counts once), a step only after the ones before, conversion, drop-off and the median days; the artist filter."""

from datetime import date

import pytest

from bookings.models import TreatmentPlan
from frontdesk.reports.period import Period
from frontdesk.reports.selectors.funnel import funnel
from tests.bookings.factories import ArtistFactory, SessionFactory, TreatmentPlanFactory
from tests.clients.factories import ClientFactory
from tests.frontdesk.report_data import consult, final_aftercare, quote
from tests.helpers import london

pytestmark = pytest.mark.django_db
YEAR = Period(first=date(2026, 1, 1), last=date(2026, 11, 30))


@pytest.fixture
def journeys(frozen, consultation, session_services):
    sam, priya = ArtistFactory(display_name="Sam Okafor"), ArtistFactory(display_name="Priya Shah")
    a, b, c, d, e, f = (ClientFactory(full_name=n) for n in ("Ann", "Ben", "Cat", "Dev", "Eve", "Fay"))
    # Ann: the whole journey, aftercare finished.
    consult(artist=sam, client=a, start=london(2026, 1, 12, 10, 0), booked=london(2026, 1, 5, 10, 0))
    quote(client=a, issued_at=london(2026, 1, 14, 10, 0), status="accepted", accepted_at=london(2026, 1, 16, 10, 0))
    plan_a = TreatmentPlanFactory(
        client=a, artist=sam, status=TreatmentPlan.Status.COMPLETED, completed_at=london(2026, 4, 1, 11, 0)
    )
    first_a = SessionFactory(plan=plan_a, session_number=1, start=london(2026, 2, 1, 10, 0))
    final_aftercare(plan=plan_a, session=first_a, starts_on=date(2026, 4, 1), ends_on=date(2026, 5, 1))
    # Ben: cancelled, rebooked, quoted, accepted, first session; a 4-session plan with 3 done is not completed.
    consult(
        artist=sam, client=b, start=london(2026, 3, 2, 10, 0), booked=london(2026, 2, 20, 10, 0), status="cancelled"
    )
    consult(artist=sam, client=b, start=london(2026, 3, 9, 10, 0), booked=london(2026, 3, 3, 10, 0))
    quote(client=b, issued_at=london(2026, 3, 10, 10, 0), status="accepted", accepted_at=london(2026, 3, 20, 10, 0))
    plan_b = TreatmentPlanFactory(client=b, artist=sam, session_count=4, fourth_session_reason="Scarring")
    for n, start in enumerate((london(2026, 4, 1, 11, 0), london(2026, 4, 20, 10, 0), london(2026, 5, 20, 10, 0)), 1):
        SessionFactory(plan=plan_b, session_number=n, start=start)
    # Cat: quoted, declined. Dev: a no-show. Eve: consulted before the period. Fay: with Priya, attended only.
    consult(artist=sam, client=c, start=london(2026, 5, 4, 10, 0), booked=london(2026, 5, 1, 10, 0))
    quote(client=c, issued_at=london(2026, 5, 6, 10, 0), status="declined", declined_at=london(2026, 5, 8, 10, 0))
    consult(artist=sam, client=d, start=london(2026, 6, 1, 10, 0), booked=london(2026, 5, 28, 10, 0), status="no_show")
    consult(artist=sam, client=e, start=london(2025, 12, 15, 10, 0), booked=london(2025, 12, 1, 10, 0))
    quote(client=e, issued_at=london(2026, 1, 2, 10, 0))
    consult(artist=priya, client=f, start=london(2026, 7, 1, 10, 0), booked=london(2026, 6, 30, 10, 0))
    # A quote issued before the consultation is not "quoted after it".
    quote(client=f, issued_at=london(2026, 6, 30, 12, 0))
    # Gil: a plan completed without a quote (arranged by phone) is no step of the funnel.
    gil = ClientFactory(full_name="Gil")
    consult(artist=sam, client=gil, start=london(2026, 8, 3, 10, 0), booked=london(2026, 8, 1, 10, 0))
    TreatmentPlanFactory(
        client=gil, artist=sam, status=TreatmentPlan.Status.COMPLETED, completed_at=london(2026, 9, 1, 10, 0)
    )
    return {"sam": sam, "priya": priya}


def figures(steps):
    return [(s.name, s.clients, s.drop_off, None if s.median_days is None else round(s.median_days, 2)) for s in steps]


def test_the_funnel_counts_each_client_once_and_each_step_after_the_ones_before(journeys):
    steps = funnel(period=YEAR, today=date(2026, 11, 30))
    assert figures(steps) == [
        ("booked", 6, None, None),  # Ann, Ben (once), Cat, Dev, Fay, Gil
        ("attended", 5, 1, 3.0),  # median of 7, 17 (from Ben's first booking), 3, 1 and 2 days
        ("quoted", 3, 2, 2.0),  # 2, 1, 2
        ("accepted", 2, 1, 6.0),  # 2, 10
        ("first_session", 2, 0, 14.0),  # 16, 12
        ("completed", 1, 1, 59.0),
        ("aftercare", 1, 0, 29.58),  # to the schedule's last day (a date: its midnight)
    ]
    assert [round(s.conversion, 3) if s.conversion is not None else None for s in steps] == [
        None, 0.833, 0.6, 0.667, 1.0, 0.5, 1.0
    ]  # fmt: skip


def test_aftercare_still_running_is_not_finished(journeys):
    steps = funnel(period=YEAR, today=date(2026, 5, 1))
    assert steps[-1].clients == 0 and steps[-2].clients == 1


def test_the_artist_filter(journeys):
    steps = funnel(period=Period(first=YEAR.first, last=YEAR.last, artist=journeys["priya"]), today=date(2026, 11, 30))
    assert [s.clients for s in steps] == [1, 1, 0, 0, 0, 0, 0]


def test_an_empty_period(journeys):
    steps = funnel(period=Period(first=date(2026, 10, 1), last=date(2026, 10, 31)), today=date(2026, 11, 30))
    assert [s.clients for s in steps] == [0] * 7
    assert all(s.median_days is None for s in steps) and steps[1].conversion is None
