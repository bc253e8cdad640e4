"""The balance where people look: the records client page and the plan (staff), the portal (the client),
the staff home's to-do list; in a fixed number of queries."""

import pytest
from django.urls import reverse

from bookings.flags import flags_for
from payments.services.ledger import record_payment, record_refund
from payments.services.storing import store_receipt
from quotes.models import Quote
from tests.helpers import text
from tests.payments.factories import accepted_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(world):
    """The world's client has accepted a quote for the world's plan (session 1 booked) and paid the deposit."""
    quote = accepted_quote(client=world["client"])
    Quote.objects.filter(pk=quote.pk).update(plan=world["plan"])
    deposit = record_payment(quote_id=quote.pk, amount="220", method="cash", kind="deposit").entry
    store_receipt(receipt_id=deposit.receipt.pk)
    return world | {"paid_quote": quote, "deposit": deposit}


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return text(response.content.decode())


def test_staff_see_the_balance_on_the_client_page_artists_do_not(client, paid):
    html = page(client, paid["users"]["staff"], "records:client", paid["client"].pk)
    panel = html[html.index('id="money-panel"') :]
    assert f"Quote {paid['paid_quote'].number} (£1,100.00):" in panel and "Balance £880.00 due" in panel
    assert reverse("payments:quote", args=[paid["paid_quote"].pk]) in html
    assert 'id="money-panel"' not in page(client, paid["users"]["artist"], "records:client", paid["client"].pk)


def test_the_plan_page_flags_each_session_with_the_balance(client, paid):
    html = page(client, paid["users"]["staff"], "bookings:plan", paid["plan"].pk)
    assert "Balance £880.00 due" in html
    record_payment(quote_id=paid["paid_quote"].pk, amount="880", method="bank_transfer")
    assert "Paid in full" in page(client, paid["users"]["staff"], "bookings:plan", paid["plan"].pk)


def test_the_flags_take_one_query_whatever_the_number_of_sessions(paid, django_assert_num_queries):
    from payments.flags import balance_flags

    with django_assert_num_queries(1):
        found = balance_flags([paid["session"], paid["consultation"]])
    assert [f.text for f in found[paid["session"].pk]] == ["Balance £880.00 due"]
    assert paid["consultation"].pk not in found  # a consultation has no plan, so no balance
    assert [f.key for f in flags_for([paid["session"]])[paid["session"].pk]].count("balance") == 1  # registered


def test_the_client_sees_balance_receipts_and_statement_in_the_portal(client, paid):
    record_refund(payment_id=paid["deposit"].pk, amount="20")
    html = page(client, paid["users"]["owner"], "portal:home")
    assert "Balance to pay: £900.00" in html and "refunded £20.00" in html
    assert "R-2026-0001" in html and reverse("payments:receipt_pdf", args=[paid["deposit"].receipt.pk]) in html
    assert "R-2026-0002 (being prepared)" in html  # the refund's PDF not stored yet in this test
    assert reverse("payments:statement_pdf", args=[paid["paid_quote"].pk]) in html
    assert "R-2026-0001" not in page(client, paid["users"]["other_client"], "portal:home")


def test_the_client_downloads_their_receipt_and_statement_never_cached(client, paid):
    from tests.payments.helpers import pdf_text

    client.force_login(paid["users"]["owner"])
    receipt = client.get(reverse("payments:receipt_pdf", args=[paid["deposit"].receipt.pk]))
    assert receipt.status_code == 200 and receipt["Cache-Control"] == "no-store, private"
    assert "R-2026-0001" in pdf_text(b"".join(receipt.streaming_content))
    statement = client.get(reverse("payments:statement_pdf", args=[paid["paid_quote"].pk]))
    assert statement.status_code == 200 and statement["Cache-Control"] == "no-store, private"
    text_ = pdf_text(statement.content)
    assert paid["paid_quote"].number in text_ and "R-2026-0001" in text_ and "£880.00" in text_


def test_the_staff_home_lists_balances_outstanding_once_a_session_is_booked(client, paid):
    html = page(client, paid["users"]["staff"], "frontdesk:home")
    assert "Balances outstanding (1)" in html and "£880.00 due" in html
    record_payment(quote_id=paid["paid_quote"].pk, amount="880", method="cash")
    assert "Balances outstanding" not in page(client, paid["users"]["staff"], "frontdesk:home")


def test_an_accepted_quote_without_a_session_is_not_on_the_to_do_list(client, world):
    accepted_quote(client=world["client"])  # no plan linked, so nothing booked
    assert "Balances outstanding" not in page(client, world["users"]["staff"], "frontdesk:home")


def test_the_quote_page_shows_its_balance_to_staff_not_to_the_artist(client, paid):
    url = reverse("payments:quote", args=[paid["paid_quote"].pk])
    html = page(client, paid["users"]["staff"], "quotes:detail", paid["paid_quote"].pk)
    assert "Balance £880.00 due · payments and receipts" in html and url in html
    assert url not in page(client, paid["users"]["artist"], "quotes:detail", paid["paid_quote"].pk)
