"""The desk's pages: record a payment, refund one, a manager writes off; double submissions record once;
bad amounts come back on the form (422) with the reason and what was typed; foreign objects 404."""

import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from clinic.users import roles
from payments.models import LedgerEntry
from payments.selectors import balance_of
from payments.services.ledger import record_payment
from tests.clinic.factories import UserFactory
from tests.helpers import text
from tests.payments.factories import accepted_quote

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def quote(frozen):
    return accepted_quote()  # crown: £1,100, deposit £220


def form(**fields):
    data = {"kind": "payment", "amount": "100", "method": "card_desk", "reference": "", "note": ""}
    return data | {"idempotency_key": str(uuid.uuid4())} | fields


def post_payment(client, quote, **fields):
    return client.post(reverse("payments:payment_new", args=[quote.pk]), form(**fields))


def test_the_money_page_shows_the_balance_and_a_form_with_a_one_time_key(client, staff, quote):
    record_payment(quote_id=quote.pk, amount="220", method="cash", kind="deposit")
    page = client.get(reverse("payments:quote", args=[quote.pk]))
    html = text(page.content.decode())
    assert page.status_code == 200
    assert "Balance</dt>" in page.content.decode() and "£880.00 due" in html and "R-2026-0001" in html
    assert 'name="idempotency_key"' in html and 'type="hidden"' in html
    checked = re.search(r'<input[^>]*name="kind"[^>]*checked[^>]*>', html).group(0)
    assert 'value="payment"' in checked  # the deposit is in: the next is a payment


def test_a_payment_is_recorded_once_however_often_the_form_is_sent(client, staff, quote):
    data = form(kind="deposit", amount="220.00", method="card_desk", reference="TERM-9")
    url = reverse("payments:payment_new", args=[quote.pk])
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert first.status_code == 302 and first["Location"] == reverse("payments:quote", args=[quote.pk])
    assert "already recorded; nothing was added" in again.content.decode()
    (entry,) = LedgerEntry.objects.all()
    assert (entry.kind, entry.amount, entry.reference, entry.recorded_by) == ("deposit", D("220.00"), "TERM-9", staff)
    assert balance_of(quote).outstanding == D("880.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1100.01", "more than the £1,100.00 still to pay"),
        ("-20", "more than £0.00"),
        ("0", "more than £0.00"),
        ("10.005", "at most two decimal places"),
        ("ten pounds", "pounds and pence"),
        ("", "This field is required"),
    ],
)
def test_a_refused_amount_comes_back_on_the_form(client, staff, quote, amount, message):
    response = post_payment(client, quote, amount=amount, reference="KEEP-ME", note="typed note")
    html = text(response.content.decode())
    assert response.status_code == 422
    assert message in html
    assert 'value="KEEP-ME"' in html and "typed note" in html  # nothing typed is lost
    assert not LedgerEntry.objects.exists()


def test_a_reference_already_used_is_refused_on_its_field(client, staff, quote):
    record_payment(quote_id=quote.pk, amount="100", method="card_desk", reference="TERM-1")
    response = post_payment(client, quote, amount="50", reference="TERM-1")
    assert response.status_code == 422 and "That reference is already recorded" in text(response.content.decode())
    assert LedgerEntry.objects.count() == 1


def test_a_quote_not_accepted_takes_no_payment(client, staff):
    from tests.quotes.factories import IssuedQuoteFactory

    issued = IssuedQuoteFactory()
    response = post_payment(client, issued)
    assert response.status_code == 422 and "accepted quote" in text(response.content.decode())


def test_a_refund_of_a_payment_and_no_more_than_it(client, staff, quote):
    payment = record_payment(quote_id=quote.pk, amount="300", method="cash").entry
    url = reverse("payments:refund_new", args=[payment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Still refundable: <strong>£300.00</strong>" in page.content.decode()
    key = str(uuid.uuid4())
    too_much = client.post(url, {"amount": "300.01", "reference": "", "note": "", "idempotency_key": key})
    assert too_much.status_code == 422
    assert "Only £300.00 of that payment is left to refund" in text(too_much.content.decode())
    done = client.post(url, {"amount": "120", "reference": "", "note": "Session moved", "idempotency_key": key})
    assert done.status_code == 302
    again = client.post(url, {"amount": "120", "reference": "", "note": "Session moved", "idempotency_key": key})
    assert again.status_code == 302  # the same form again: found, not recorded twice
    refund = LedgerEntry.objects.get(kind="refund")
    assert (refund.refunds, refund.amount, refund.method) == (payment, D("120.00"), "cash")
    assert balance_of(quote).outstanding == D("920.00")
    assert "Still refundable: <strong>£180.00</strong>" in client.get(url).content.decode()


def test_a_fee_or_write_off_or_refund_cannot_be_refunded(client, staff, quote):
    payment = record_payment(quote_id=quote.pk, amount="300", method="cash").entry
    from payments.services.ledger import record_refund

    refund = record_refund(payment_id=payment.pk, amount="10").entry
    assert client.get(reverse("payments:refund_new", args=[refund.pk])).status_code == 404
    assert client.get(reverse("payments:refund_new", args=[999999])).status_code == 404


def manager_client(client):
    manager = UserFactory()
    manager.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.MANAGER))
    client.force_login(manager)
    return manager


def test_a_manager_writes_off_with_a_reason_reception_cannot(client, staff, quote):
    url = reverse("payments:write_off_new", args=[quote.pk])
    data = {"amount": "100", "reason": "Goodwill: the session ran late", "idempotency_key": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 404  # reception
    assert "Write off (managers)" not in client.get(reverse("payments:quote", args=[quote.pk])).content.decode()
    manager = manager_client(client)
    short = client.post(url, data | {"reason": "ok"})
    assert short.status_code == 422 and "at least 5 characters" in text(short.content.decode())
    over = client.post(url, data | {"amount": "2000"})
    assert over.status_code == 422 and "Only £1,100.00 is outstanding" in text(over.content.decode())
    assert client.post(url, data).status_code == 302
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.note, entry.recorded_by) == (
        "write_off",
        D("100.00"),
        "Goodwill: the session ran late",
        manager,
    )
    assert balance_of(quote).outstanding == D("1000.00")
    again = client.post(url, data, follow=True)  # the form sent again (a double click, a reload)
    assert "already recorded" in text(again.content.decode())
    assert LedgerEntry.objects.count() == 1 and balance_of(quote).outstanding == D("1000.00")


def test_the_statement_lists_every_entry_with_its_receipt_and_the_running_balance(client, staff, quote):
    from payments.services.ledger import record_fee, record_refund

    deposit = record_payment(quote_id=quote.pk, amount="220", method="card_desk", kind="deposit").entry
    record_payment(quote_id=quote.pk, amount="400", method="bank_transfer", reference="BANK-1")
    record_refund(payment_id=deposit.pk, amount="20")
    record_fee(quote_id=quote.pk, amount="50", note="Late cancellation")
    page = client.get(reverse("payments:statement", args=[quote.pk]))
    html = text(page.content.decode())
    assert page.status_code == 200 and page["Cache-Control"] == "no-store, private"
    assert "£550.00 due" in html
    html = html[html.index('id="ledger"') :]
    rows = [
        ("Deposit", "R-2026-0001", "−£220.00", "£880.00"),
        ("Payment", "R-2026-0002", "−£400.00", "£480.00"),
        ("Refund of R-2026-0001", "R-2026-0003", "+£20.00", "£500.00"),
        ("Fee", "", "+£50.00", "£550.00"),
    ]
    position = 0
    for what, number, amount, after in rows:
        position = html.index(what, position)
        assert number in html[position : position + 400] and amount in html[position : position + 400]
        assert after in html[position : position + 400]


def test_the_statement_pdf_has_every_figure(client, staff, quote):
    from payments.services.ledger import record_refund, write_off
    from tests.payments.helpers import pdf_text, save_png

    deposit = record_payment(quote_id=quote.pk, amount="220", method="card_desk", kind="deposit", reference="T-1").entry
    record_payment(quote_id=quote.pk, amount="400", method="bank_transfer", reference="BANK-1")
    record_refund(payment_id=deposit.pk, amount="20")
    write_off(quote_id=quote.pk, amount="30", reason="Goodwill", by=staff)
    response = client.get(reverse("payments:statement_pdf", args=[quote.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text_ = pdf_text(response.content)
    for expected in (
        "Statement",
        quote.number,
        "Refund of R-2026-0001",
        "R-2026-0002",
        "Balance written off",
        "£1,100.00",  # total
        "−£620.00",  # paid
        "£20.00",  # refunded
        "−£30.00",  # written off
        "£470.00",  # balance: 1100 − 620 + 20 − 30
        "not VAT registered",
    ):
        assert expected in text_, expected
    save_png(response.content, "/work/shots/receipts/statement.png")
