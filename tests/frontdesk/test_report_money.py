"""Money by month on quotes: by the clinic's month of issue (a quote just after midnight on the 1st in summer
time is that month's), accepted / declined or expired / open, superseded and drafts left out, empty months shown."""

from datetime import date
from decimal import Decimal

import pytest

from frontdesk.reports.period import Period
from frontdesk.reports.selectors.money import quotes_by_month
from quotes.models import Quote
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.frontdesk.report_data import consult, quote
from tests.helpers import london

pytestmark = pytest.mark.django_db
SUMMER = Period(first=date(2026, 6, 1), last=date(2026, 8, 31))


@pytest.fixture
def quotes(frozen, consultation):
    ann, ben = ClientFactory(full_name="Ann"), ClientFactory(full_name="Ben")
    sam = ArtistFactory(display_name="Sam Okafor")
    consult(artist=sam, client=ann, start=london(2026, 5, 1, 10, 0), booked=london(2026, 4, 1, 10, 0))
    quote(client=ann, issued_at=london(2026, 6, 3, 10, 0), total="1500.00", status="accepted")
    quote(client=ben, issued_at=london(2026, 6, 10, 10, 0), total="1200.00", status="declined")
    quote(client=ben, issued_at=london(2026, 6, 20, 10, 0), total="1000.00", status="expired")
    # 00:30 on 1 August, summer time: 23:30 on 31 July in UTC, and August's.
    quote(client=ann, issued_at=london(2026, 8, 1, 0, 30), total="2000.00", status="issued")
    old = quote(client=ben, issued_at=london(2026, 8, 5, 10, 0), total="900.00", status="superseded")
    quote(client=ben, issued_at=london(2026, 8, 6, 10, 0), total="950.00", status="accepted", supersedes=old)
    quote(client=ann, issued_at=london(2026, 9, 1, 10, 0), total="5000.00")  # after the period
    Quote.objects.create(client=ann, treatment_type="crown")  # a draft
    return sam


def test_money_by_month(quotes):
    june, july, august = quotes_by_month(period=SUMMER)
    assert (june.month, june.quoted, june.quoted_value) == (date(2026, 6, 1), 3, Decimal("3700.00"))
    assert (june.accepted, june.accepted_value, june.lost, june.lost_value, june.open) == (
        1, Decimal("1500.00"), 2, Decimal("2200.00"), 0
    )  # fmt: skip
    assert (july.quoted, july.quoted_value, july.accepted_value) == (0, Decimal("0.00"), Decimal("0.00"))
    assert (august.quoted, august.quoted_value, august.accepted, august.accepted_value, august.open) == (
        2, Decimal("2950.00"), 1, Decimal("950.00"), 1
    )  # fmt: skip


def test_for_one_artist_the_quotes_of_their_clients(quotes):
    june, _, august = quotes_by_month(period=Period(first=SUMMER.first, last=SUMMER.last, artist=quotes))
    assert (june.quoted, june.quoted_value, august.quoted, august.quoted_value) == (
        1, Decimal("1500.00"), 1, Decimal("2000.00")
    )  # fmt: skip


def test_the_page_shows_quotes_and_the_ledger(client, quotes):
    from clinic.users import roles
    from tests.helpers import user_with

    client.force_login(user_with(roles.STAFF, roles.MANAGER))
    page = client.get("/staff/reports/", {"first": "2026-06-01", "last": "2026-08-31"}).content.decode()
    assert "the money from the ledger" in page and 'id="table-ledger"' in page
    assert "In all: 5 quotes, £6,650.00 quoted, £2,450.00 accepted." in page
    assert "£3,700.00" in page.split('id="table-money"')[1].split("</table>")[0]
