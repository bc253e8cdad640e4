"""Money from the ledger by the clinic's month: collected (deposits and payments), refunded (in the refund's own
month), fees, write-offs, and what accepted quotes still owe at each month's end (earlier months included)."""

from datetime import date
from decimal import Decimal

import pytest

from frontdesk.reports.period import Period
from frontdesk.reports.selectors.money import ledger_by_month
from payments.services.ledger import record_fee, record_payment, record_refund, write_off
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.frontdesk.report_data import consult, quote
from tests.helpers import london

pytestmark = pytest.mark.django_db
SUMMER = Period(first=date(2026, 6, 1), last=date(2026, 8, 31))
D = Decimal


@pytest.fixture
def ledger(frozen, consultation):
    ann, ben = ClientFactory(full_name="Ann"), ClientFactory(full_name="Ben")
    sam = ArtistFactory(display_name="Sam Okafor")
    consult(artist=sam, client=ann, start=london(2026, 4, 1, 10, 0), booked=london(2026, 3, 1, 10, 0))
    a = quote(client=ann, issued_at=london(2026, 5, 1, 10, 0), status="accepted", accepted_at=london(2026, 5, 2, 9, 0))
    b = quote(
        client=ben, issued_at=london(2026, 6, 1, 10, 0), total="1200.00", status="accepted",
        accepted_at=london(2026, 6, 10, 9, 0),
    )  # fmt: skip
    quote(client=ben, issued_at=london(2026, 6, 2, 10, 0), total="999.00", status="declined")  # owes nothing
    deposit = record_payment(quote_id=a.pk, amount="300", method="cash", kind="deposit", now=london(2026, 5, 2, 10, 0))
    record_payment(quote_id=a.pk, amount="500", method="card_desk", now=london(2026, 6, 5, 10, 0))
    record_payment(quote_id=b.pk, amount="240", method="bank_transfer", kind="deposit", now=london(2026, 6, 11, 10, 0))
    record_refund(payment_id=deposit.entry.pk, amount="100", now=london(2026, 7, 3, 10, 0))  # a May payment
    record_fee(quote_id=b.pk, amount="50", note="Late cancellation", now=london(2026, 7, 20, 10, 0))
    write_off(quote_id=b.pk, amount="60", reason="Goodwill", by=UserFactory(), now=london(2026, 8, 2, 10, 0))
    # 00:30 on 1 August, summer time: 23:30 on 31 July in UTC, and August's.
    record_payment(quote_id=b.pk, amount="10", method="cash", now=london(2026, 8, 1, 0, 30))
    record_payment(quote_id=b.pk, amount="7", method="cash", now=london(2026, 9, 1, 10, 0))  # after the period
    return sam


def test_ledger_by_month(ledger, django_assert_num_queries):
    with django_assert_num_queries(2):
        june, july, august = ledger_by_month(period=SUMMER)
    assert (june.month, june.collected, june.refunded, june.net) == (date(2026, 6, 1), D("740"), D("0"), D("740"))
    assert (july.collected, july.refunded, july.fees, july.written_off) == (D("0"), D("100"), D("50"), D("0"))
    assert (august.collected, august.written_off) == (D("10"), D("60"))
    # Owed at each month's end: May 1500 − 300 = 1200; June +1200 − 740; July +100 + 50; August −10 − 60.
    assert [m.outstanding for m in (june, july, august)] == [D("1660"), D("1810"), D("1740")]


def test_for_one_artist_the_money_of_their_clients(ledger):
    june, july, august = ledger_by_month(period=Period(first=SUMMER.first, last=SUMMER.last, artist=ledger))
    assert (june.collected, july.refunded, july.fees, august.collected) == (D("500"), D("100"), D("0"), D("0"))
    assert [m.outstanding for m in (june, july, august)] == [D("700"), D("800"), D("800")]


def test_the_reports_page_shows_the_ledger_table(client, ledger):
    from django.contrib.auth.models import Group

    from clinic.users import roles

    manager = UserFactory()
    manager.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.MANAGER))
    client.force_login(manager)
    response = client.get("/staff/reports/", {"preset": "custom", "first": "2026-06-01", "last": "2026-08-31"})
    html = response.content.decode()
    assert response.status_code == 200 and "Money taken and given back" in html and "£1,810.00" in html
    csv = client.get(
        "/staff/reports/", {"preset": "custom", "first": "2026-06-01", "last": "2026-08-31", "csv": "ledger"}
    )
    assert csv.status_code == 200 and "June 2026,740.00,0.00,740.00" in csv.content.decode()
