"""The ledger: money in, refunds, fees and write-offs; the balance; what the database refuses; repeats."""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from payments.errors import AmountNotValid, AmountOverBalance, QuoteNotPayable, ReferenceClash, RefundTooLarge
from payments.models import LedgerEntry, Receipt
from payments.selectors import balance_of, balances_for
from payments.services.ledger import record_fee, record_payment, record_refund, write_off
from tests.clinic.factories import UserFactory
from tests.payments.factories import accepted_quote
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def quote():
    return accepted_quote()  # crown: £1,100, deposit £220


def pay(quote, amount, **kwargs):
    kwargs.setdefault("method", "card_desk")
    return record_payment(quote_id=quote.pk, amount=amount, **kwargs)


def test_balance_follows_every_kind_of_entry(quote):
    assert (quote.total, quote.deposit) == (D("1100.00"), D("220.00"))
    assert balance_of(quote).outstanding == D("1100.00") and not balance_of(quote).deposit_paid
    deposit = pay(quote, "220", kind="deposit", method="cash").entry
    assert balance_of(quote).deposit_paid and balance_of(quote).outstanding == D("880.00")
    pay(quote, D("500.00"), reference="TERM-1")
    record_refund(payment_id=deposit.pk, amount="60")
    record_fee(quote_id=quote.pk, amount="50", note="Late cancellation")
    balance = balance_of(quote)
    assert (balance.paid, balance.refunded, balance.fees) == (D("720.00"), D("60.00"), D("50.00"))
    assert balance.outstanding == D("490.00")  # 1100 − 720 + 60 + 50
    assert balance.deposit_paid  # £660 paid net still covers the £220 deposit
    write_off(quote_id=quote.pk, amount="490", reason="Goodwill after a complaint", by=UserFactory())
    assert balance_of(quote).outstanding == D("0.00") and balance_of(quote).settled
    assert balances_for([quote.pk])[quote.pk] == balance_of(quote)


def test_every_money_entry_gets_a_gapless_receipt_number(quote, frozen):
    first = pay(quote, "100").entry
    record_fee(quote_id=quote.pk, amount="10", note="No-show")  # no receipt for a fee
    refund = record_refund(payment_id=first.pk, amount="100").entry
    assert [r.number for r in Receipt.objects.order_by("sequence")] == ["R-2026-0001", "R-2026-0002"]
    assert refund.receipt.number == "R-2026-0002"


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("0", AmountNotValid),
        ("-5", AmountNotValid),
        ("10.005", AmountNotValid),
        ("abc", AmountNotValid),
        ("NaN", AmountNotValid),
        ("1100.01", AmountOverBalance),
    ],
)
def test_bad_amounts_are_refused_with_a_message_and_record_nothing(quote, amount, error):
    with pytest.raises(error) as raised:
        pay(quote, amount)
    assert raised.value.message and raised.value.field == "amount"
    assert not LedgerEntry.objects.exists()


def test_only_accepted_quotes_are_paid(frozen):
    issued = IssuedQuoteFactory()
    with pytest.raises(QuoteNotPayable):
        pay(issued, "10")


def test_a_refund_never_exceeds_what_it_gives_back(quote):
    payment = pay(quote, "200").entry
    record_refund(payment_id=payment.pk, amount="150")
    with pytest.raises(RefundTooLarge, match=r"Only £50\.00"):
        record_refund(payment_id=payment.pk, amount="60")
    record_refund(payment_id=payment.pk, amount="50")
    with pytest.raises(RefundTooLarge, match="refunded in full"):
        record_refund(payment_id=payment.pk, amount="1")
    with pytest.raises(RefundTooLarge):  # a fee is not money paid
        record_refund(payment_id=record_fee(quote_id=quote.pk, amount="5", note="x").entry.pk, amount="1")


def test_a_repeat_records_nothing_twice_and_a_clash_is_explained(quote):
    first = pay(quote, "100", idempotency_key="form-1")
    again = pay(quote, "100", idempotency_key="form-1")
    assert first.created and not again.created and again.entry.pk == first.entry.pk
    by_ref = pay(quote, "50", reference="BANK-77")
    assert not pay(quote, "50", reference=" BANK-77 ").created
    with pytest.raises(ReferenceClash, match="already recorded"):
        pay(quote, "70", reference="BANK-77")
    assert LedgerEntry.objects.count() == 2 and by_ref.created


def test_the_database_refuses_edits_deletes_and_refunds_over_the_payment(quote):
    payment = pay(quote, "100").entry
    with pytest.raises(IntegrityError, match="never changed or deleted"), transaction.atomic():
        LedgerEntry.objects.filter(pk=payment.pk).update(amount=D("1"))
    # Straight to the database: the ORM's PROTECT (the receipt) would stop it first.
    with (
        pytest.raises(IntegrityError, match="never changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM payments_ledgerentry WHERE id = %s", [payment.pk])
    refund = dict(quote=quote, kind="refund", method="card_desk", refunds=payment, recorded_at=payment.recorded_at)
    with pytest.raises(IntegrityError, match="refunds would exceed"), transaction.atomic():
        LedgerEntry.objects.create(amount=D("100.01"), **refund)
    with pytest.raises(IntegrityError, match="payments_amount_positive"), transaction.atomic():
        LedgerEntry.objects.create(amount=D("-1"), **refund)
    with pytest.raises(IntegrityError, match="payments_refund_names_payment"), transaction.atomic():
        LedgerEntry.objects.create(amount=D("1"), **{**refund, "refunds": None})
    with pytest.raises(IntegrityError, match="payments_method_iff_money_moves"), transaction.atomic():
        LedgerEntry.objects.create(
            quote=quote, kind="fee", amount=D("1"), method="cash", recorded_at=payment.recorded_at
        )


def _at_once(count, action):
    """Run `action` from `count` threads released together; each on its own database connection."""
    barrier, results = threading.Barrier(count), []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # collected for the assertions
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_refunding_one_payment_at_once_refund_it_once():
    quote = accepted_quote()
    payment = pay(quote, "200").entry
    results = _at_once(4, lambda: record_refund(payment_id=payment.pk, amount="200"))
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert all(isinstance(r, RefundTooLarge) for r in results if isinstance(r, Exception))
    assert balance_of(quote).refunded == D("200.00")


@pytest.mark.django_db(transaction=True)
def test_payments_at_once_never_take_the_balance_below_zero():
    quote = accepted_quote()
    results = _at_once(4, lambda: pay(quote, "1000"))
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert balance_of(quote).outstanding == D("100.00")
    double = _at_once(4, lambda: pay(quote, "100", idempotency_key="double-click"))
    assert [r.created for r in double].count(True) == 1 and LedgerEntry.objects.count() == 2
