"""The reports page needs the same number of queries for a month or a year, for a few rows or many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import TimeOff
from clinic.users import roles
from payments.services.ledger import record_payment
from tests.bookings.factories import ArtistFactory, SessionFactory, TreatmentPlanFactory
from tests.clients.factories import ClientFactory
from tests.frontdesk.report_data import consult, final_aftercare, quote
from tests.helpers import london, user_with
from tests.outbox.factories import ReminderFactory

pytestmark = pytest.mark.django_db
REPORTS = "/staff/reports/"
# Session, the user with their groups and two-step device (clinic/users/backends.py): 2; the artist select 1; funnel 1;
# money 3 (quotes; the ledger, accepted quotes); diary 5 (policy, weeks, lead time per artist and overall,
# artists); working hours 3; retention 2.
QUERIES = 16
KEPT_QUERIES = 2  # session, the user with their roles (the form kept too, frontdesk/reports/views.py)


def add_clinic(n: int) -> None:
    """`n` artists, each with a few months of consultations, quotes, a plan, time off and outbox rows."""
    for a in range(n):
        artist = ArtistFactory(display_name=f"Artist {a}")
        TimeOff.objects.create(artist=artist, start=london(2026, 6, 1, 9, 0), end=london(2026, 6, 3, 18, 0))
        for k in range(n):
            who = ClientFactory()
            start = london(2026, 1 + k % 11, 1 + a, 10, 0)
            consult(artist=artist, client=who, start=start, booked=start - timedelta(days=k + 1))
            accepted = quote(
                client=who,
                issued_at=start + timedelta(days=1),
                status="accepted",
                accepted_at=start + timedelta(days=3),
            )
            record_payment(quote_id=accepted.pk, amount="100", method="cash", now=start + timedelta(days=4))
            plan = TreatmentPlanFactory(client=who, artist=artist)
            first = SessionFactory(plan=plan, session_number=1, start=start + timedelta(days=10))
            final_aftercare(
                plan=plan, session=first, starts_on=start.date(), ends_on=(start + timedelta(days=30)).date()
            )
            ReminderFactory(due_at=london(2026, 12, 1 + k, 9, 0))
            ReminderFactory(due_at=start, status="sent", sent_at=start)


def queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(REPORTS, params).status_code == 200
    return len(captured)


@pytest.fixture
def manager(client, frozen, consultation, session_services, policy):
    client.force_login(user_with(roles.STAFF, roles.MANAGER))


def test_constant_queries_for_any_period_and_data(client, manager, django_assert_max_num_queries):
    add_clinic(2)
    # refresh: the figures added up again (a kept snapshot would answer without them).
    small = [queries(client, refresh=1), queries(client, preset="last_12_months", refresh=1)]
    add_clinic(6)
    large = [queries(client, refresh=1), queries(client, preset="last_12_months", refresh=1)]
    assert small == large == [QUERIES, QUERIES]
    # The snapshot just taken: the request's own checks and the artist select only.
    assert queries(client, preset="last_12_months") == KEPT_QUERIES
    artist = ArtistFactory(display_name="Filtered")
    with django_assert_max_num_queries(QUERIES):
        client.get(REPORTS, {"preset": "last_12_months", "artist": artist.pk})
    with django_assert_max_num_queries(QUERIES):
        client.get(REPORTS, {"preset": "last_12_months", "csv": "utilisation"})
