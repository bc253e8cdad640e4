"""Receipts: numbered in the entry's transaction, rendered and stored once after commit (a task safe to run
twice), e-mailed through the outbox with the PDF attached; what the PDF says, read back with pypdf."""

import os
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import override_settings

from outbox.models import Reminder
from payments.messages import PaymentMessage
from payments.models import Receipt
from payments.services.ledger import record_payment, record_refund
from payments.services.storing import store_receipt
from payments.tasks import store_missing_receipts, store_receipt_pdf
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.payments.factories import accepted_quote
from tests.payments.helpers import pdf_text, save_png, stored_bytes

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def quote(frozen):
    return accepted_quote(client__full_name="Jamie Walsh", client__email="jamie@example.com")


def receipt_mails():
    return [m for m in mail.outbox if "receipt" in m.subject]  # (the quote's own e-mail went out when issued)


def pay(quote, amount, *, capture, **kwargs):
    kwargs.setdefault("method", "card_desk")
    with capture(execute=True):
        recorded = record_payment(quote_id=quote.pk, amount=amount, **kwargs)
    return Receipt.objects.get(entry=recorded.entry)


def test_a_deposit_gets_its_receipt_stored_once_and_e_mailed_with_it(
    quote, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(london(2026, 12, 1, 23, 30), tick=False)  # 23:30 in London, still 1 December
    receipt = pay(quote, "220", kind="deposit", reference="TERM-4471", capture=django_capture_on_commit_callbacks)
    assert receipt.number == "R-2026-0001" and len(receipt.pdf_sha256) == 64
    data = stored_bytes(receipt.pdf)
    text = pdf_text(data)
    for expected in (
        "Receipt",
        "R-2026-0001",
        quote.number,
        "Jamie Walsh",
        "Deposit",
        "Card (at the desk)",
        "TERM-4471",
        "£220.00",
        "1 December 2026",
        "£880.00",  # the balance after it: £1,100 − £220
        "not VAT registered",
    ):
        assert expected in text, expected
    save_png(data, "/work/shots/receipts/receipt-deposit.png")
    (row,) = Reminder.objects.filter(kind=PaymentMessage.RECEIPT, subject_id=receipt.pk)
    assert row.status == Reminder.Status.SENT
    (sent,) = receipt_mails()
    assert sent.to == ["jamie@example.com"] and "R-2026-0001" in sent.subject
    assert "deposit of £220.00, paid by card at the desk, for your quote" in sent.body and "TERM-4471" in sent.body
    name, attached, kind = sent.attachments[0]
    assert (name, kind) == ("R-2026-0001.pdf", "application/pdf") and attached == data


def test_the_task_run_twice_leaves_one_file_and_one_e_mail(quote, django_capture_on_commit_callbacks):
    receipt = pay(quote, "220", kind="deposit", capture=django_capture_on_commit_callbacks)
    first = (receipt.pdf.name, receipt.pdf_sha256)
    with django_capture_on_commit_callbacks(execute=True):
        assert store_receipt_pdf(receipt.pk) is False  # a redelivered task: nothing to do
        assert store_missing_receipts() == 0
    receipt.refresh_from_db()
    assert (receipt.pdf.name, receipt.pdf_sha256) == first
    folder = os.path.dirname(receipt.pdf.path)
    # One file for this receipt (other tests' receipts may share the folder): the second run wrote none.
    assert [n for n in os.listdir(folder) if n.startswith(receipt.number)] == [os.path.basename(receipt.pdf.name)]
    assert Reminder.objects.filter(kind=PaymentMessage.RECEIPT).count() == 1 and len(receipt_mails()) == 1


def test_a_receipt_whose_task_was_lost_is_stored_by_the_sweep_over_a_leftover_file(quote):
    record_payment(quote_id=quote.pk, amount="220", method="cash", kind="deposit")  # on_commit never ran
    receipt = Receipt.objects.get()
    assert receipt.pdf_sha256 == ""
    leftover = receipt.pdf.field.generate_filename(receipt, f"{receipt.number}.pdf")
    receipt.pdf.storage.save(leftover, ContentFile(b"half a file"))  # a crashed earlier run
    assert store_missing_receipts() == 1
    receipt.refresh_from_db()
    assert receipt.pdf.name == leftover and stored_bytes(receipt.pdf).startswith(b"%PDF")
    assert store_receipt(receipt_id=receipt.pk) is False


def test_a_refund_receipt_names_what_it_refunds_and_the_balance_after_it(quote, django_capture_on_commit_callbacks):
    deposit = pay(quote, "220", kind="deposit", method="cash", capture=django_capture_on_commit_callbacks)
    pay(quote, "500", reference="BANK-77", method="bank_transfer", capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        refund = record_refund(payment_id=deposit.entry_id, amount="20.50", by=UserFactory()).entry
    receipt = Receipt.objects.get(entry=refund)
    assert receipt.number == "R-2026-0003"
    data = stored_bytes(receipt.pdf)
    text = pdf_text(data)
    assert "Refund receipt" in text and "Refund of R-2026-0001" in text and "Cash" in text
    assert "£20.50" in text and "£400.50" in text  # 1100 − 220 − 500 + 20.50
    save_png(data, "/work/shots/receipts/receipt-refund.png")
    refund_mail = receipt_mails()[-1]
    assert refund_mail.subject == "Your refund receipt R-2026-0003"
    assert "refunded £20.50 in cash against your quote" in refund_mail.body


@override_settings(VAT_REGISTERED=True, VAT_NUMBER="GB123456789")
def test_a_vat_registered_clinic_shows_its_number_and_not_the_line(quote, django_capture_on_commit_callbacks):
    receipt = pay(quote, "100", capture=django_capture_on_commit_callbacks)
    text = pdf_text(stored_bytes(receipt.pdf))
    assert "GB123456789" in text and "not VAT registered" not in text
