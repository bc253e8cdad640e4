"""Money paid against an accepted quote: an append-only ledger and its gapless yearly receipts.

A row is never changed or deleted (database triggers refuse it, see migration 0001); a correction is
a new entry: a refund names the payment it gives back, a write-off or a fee stands on its own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic.money import format_gbp


class EntryKind(models.TextChoices):
    DEPOSIT = "deposit", "Deposit"
    PAYMENT = "payment", "Payment"
    REFUND = "refund", "Refund"
    FEE = "fee", "Fee"
    WRITE_OFF = "write_off", "Write-off"


class Method(models.TextChoices):
    CARD_ONLINE = "card_online", "Card (online)"
    CARD_DESK = "card_desk", "Card (at the desk)"
    CASH = "cash", "Cash"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    NONE = "none", "—"  # fees and write-offs move no money


MONEY_IN = (EntryKind.DEPOSIT, EntryKind.PAYMENT)
WITH_RECEIPT = (EntryKind.DEPOSIT, EntryKind.PAYMENT, EntryKind.REFUND)


class LedgerEntry(models.Model):
    Kind = EntryKind
    Method = Method

    quote = models.ForeignKey("quotes.Quote", on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    method = models.CharField(max_length=14, choices=Method.choices)
    # The card terminal's, the bank's or Stripe's reference: one entry per reference.
    reference = models.CharField(max_length=120, blank=True)
    refunds = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="refunded_by")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    # A form's one-time key or a provider's event id: a second submission finds the first entry.
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)

    class Meta:
        ordering = ("recorded_at", "pk")
        verbose_name = "ledger entry"
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["quote", "recorded_at"], name="payments_entry_quote_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payments_amount_positive",
                violation_error_message="An amount must be more than £0.00.",
            ),
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="payments_kind_valid"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="payments_method_valid"),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.REFUND, refunds__isnull=False)
                | (~Q(kind=EntryKind.REFUND) & Q(refunds__isnull=True)),
                name="payments_refund_names_payment",
                violation_error_message="A refund names the payment it gives back (and only a refund does).",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[EntryKind.FEE, EntryKind.WRITE_OFF], method=Method.NONE)
                | (~Q(kind__in=[EntryKind.FEE, EntryKind.WRITE_OFF]) & ~Q(method=Method.NONE)),
                name="payments_method_iff_money_moves",
                violation_error_message="Money paid or given back has a method; a fee or a write-off has none.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=EntryKind.WRITE_OFF) | ~Q(note=""),
                name="payments_write_off_has_reason",
                violation_error_message="A write-off needs a reason.",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="payments_reference_once",
                violation_error_message="That reference is already recorded.",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="payments_idempotency_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_gbp(self.amount)} ({self.quote_id})"

    @property
    def signed_amount(self):
        """What the entry does to the balance: money in lowers it, a refund or a fee raises it."""
        if self.kind in (EntryKind.REFUND, EntryKind.FEE):
            return self.amount
        return -self.amount


class ReceiptCounter(models.Model):
    """The last receipt number of a year; locked while numbering so numbers have no gaps or repeats."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Receipt(models.Model):
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="receipt")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=20, unique=True)
    pdf = models.FileField(upload_to="receipts/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("year", "sequence")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="payments_receipt_year_sequence"),
        ]

    def __str__(self) -> str:
        return self.number


# The deposit and cancellation policy, its decisions and deposit holds (payments/policy/).
from .policy.models import DepositHold, PaymentPolicy, PolicyDecision  # noqa: E402, F401
