"""What payments send through the outbox: each receipt (deposit, payment, refund) with its PDF attached.

`queue_receipt_email` runs once the PDF is stored (services/storing.py); `register_kinds` is called from
`PaymentsConfig.ready()`.
"""

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from clinic.clock import to_clinic_time
from clinic.links import absolute_url
from clinic.money import format_gbp
from outbox import kinds
from outbox.content import Content, standard_email
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, queue_now

from .models import EntryKind, Method, Receipt

RECEIPT_EMAIL_DAYS = 30  # retried by the outbox for this long
HOW = {
    Method.CARD_DESK: "by card at the desk",
    Method.CARD_ONLINE: "by card online",
    Method.CASH: "in cash",
    Method.BANK_TRANSFER: "by bank transfer",
}


class PaymentMessage(models.TextChoices):
    RECEIPT = "payment_receipt", "Payment receipt"


def queue_receipt_email(*, receipt: Receipt, now: datetime | None = None) -> Reminder:
    now = now or timezone.now()
    expires = now + timedelta(days=RECEIPT_EMAIL_DAYS)
    wanted = Wanted(PaymentMessage.RECEIPT, Channel.EMAIL, now, expires, receipt.pk, "r", version="v1")
    return queue_now(wanted=wanted, client_id=receipt.entry.quote.client_id, now=now)


def _content(receipt: Receipt) -> Content:
    entry, quote = receipt.entry, receipt.entry.quote
    amount, how = format_gbp(entry.amount), HOW.get(entry.method, "")
    if entry.kind == EntryKind.REFUND:
        subject = f"Your refund receipt {receipt.number}"
        first = f"We have refunded {amount} {how} against your quote {quote.number}."
    else:
        subject = f"Your receipt {receipt.number}"
        what = "your deposit" if entry.kind == EntryKind.DEPOSIT else "your payment"
        first = f"Thank you: we have received {what} of {amount}, paid {how}, for your quote {quote.number}."
    lines = [first, "Your receipt is attached. Your statement and every receipt are in your account with us."]
    details = [
        ("Receipt", receipt.number),
        ("Date", f"{to_clinic_time(entry.recorded_at):%-d %B %Y}"),
        ("Amount", amount),
    ]
    if entry.reference:
        details.append(("Reference", entry.reference))
    return Content(subject, lines, absolute_url("portal:home"), "My account", details)


def build_receipt_email(reminder):
    receipt = reminder.subject
    message = standard_email(reminder, _content(receipt))
    receipt.pdf.open("rb")  # stored before the row was written; a missing file fails the attempt (retried)
    try:
        message.attach(f"{receipt.number}.pdf", receipt.pdf.read(), "application/pdf")
    finally:
        receipt.pdf.close()
    return message


def _describe(reminders) -> dict[int, str]:
    """{row id: "Receipt R-2026-0004"} for the staff reminders page: one query."""
    receipts = Receipt.objects.only("number").in_bulk({r.subject_id for r in reminders})
    return {r.pk: f"Receipt {receipts[r.subject_id].number}" for r in reminders if r.subject_id in receipts}


def register_kinds() -> None:
    receipt = PaymentMessage.RECEIPT
    kinds.register(
        kinds.MessageKind(
            receipt.value,
            receipt.label,
            Receipt,
            build_receipt_email,
            related=("entry__quote__client",),
            describe=_describe,
        )
    )
