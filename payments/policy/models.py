"""The cancellation and deposit policy (one admin row) and what it did: decisions and deposit holds.

The notice a client must give is not stored here: it is bookings' `BookingPolicy.change_notice_hours`
(the rule the online move/cancel pages enforce), so the clinic sets the number in one place.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from clinic.money import format_gbp


class LateOutcome(models.TextChoices):
    FORFEIT = "forfeit", "The deposit is forfeited"
    CREDIT = "credit", "The deposit is kept as credit"
    FEE = "fee", "A fee is charged"


class PostponedOutcome(models.TextChoices):
    HOLD = "hold", "The deposit is held for later"
    REFUND = "refund", "The deposit is refunded"


def _fee(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Charged when the outcome above is “a fee is charged” (in pounds, e.g. 50.00).",
    )


class PaymentPolicy(models.Model):
    """What a late cancellation, a no-show and a postponing screening do to the deposit; a single row (pk=1)."""

    late_cancellation = models.CharField(
        "late cancellation of a treatment session",
        max_length=10,
        choices=LateOutcome.choices,
        default=LateOutcome.FORFEIT,
        help_text="When a treatment session is cancelled with less notice than the booking policy's "
        "“change notice (hours)” (Bookings › Booking policy: the same number clients see for moving online).",
    )
    late_cancellation_fee = _fee("late cancellation fee")
    no_show = models.CharField(
        "no-show at a treatment session",
        max_length=10,
        choices=LateOutcome.choices,
        default=LateOutcome.FORFEIT,
        help_text="When the client does not come to a treatment session (consultations are always free).",
    )
    no_show_fee = _fee("no-show fee")
    postponement = models.CharField(
        "screening postpones treatment",
        max_length=10,
        choices=PostponedOutcome.choices,
        default=PostponedOutcome.HOLD,
        help_text="When a screening postpones treatment (pregnancy, a flare-up, a GP letter pending).",
    )
    deposit_required_to_confirm = models.BooleanField(
        "deposit needed to confirm session 1",
        default=False,
        help_text="If on, session 1 booked while its deposit is unpaid is only held until it is paid.",
    )
    unpaid_hold_hours = models.PositiveSmallIntegerField(
        "hold an unpaid session 1 for (hours)",
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text="After this many hours (or sooner: the booking minimum notice before it starts) an unpaid session 1 is cancelled, its time "
        "freed and the client told. Only used when the deposit is needed to confirm session 1.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "payment policy"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="payments_policy_singleton",
                violation_error_message="There is one payment policy: change the existing one.",
            ),
            models.CheckConstraint(
                condition=Q(late_cancellation__in=LateOutcome.values)
                & Q(no_show__in=LateOutcome.values)
                & Q(postponement__in=PostponedOutcome.values),
                name="payments_policy_outcomes_valid",
            ),
            models.CheckConstraint(
                condition=~Q(late_cancellation=LateOutcome.FEE) | Q(late_cancellation_fee__gt=0),
                name="payments_policy_late_fee_set",
                violation_error_message="A late cancellation fee must be more than £0.00 when a fee is charged.",
            ),
            models.CheckConstraint(
                condition=~Q(no_show=LateOutcome.FEE) | Q(no_show_fee__gt=0),
                name="payments_policy_no_show_fee_set",
                violation_error_message="A no-show fee must be more than £0.00 when a fee is charged.",
            ),
            models.CheckConstraint(
                condition=Q(late_cancellation_fee__gte=0, no_show_fee__gte=0),
                name="payments_policy_fees_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(unpaid_hold_hours__gte=1, unpaid_hold_hours__lte=720),
                name="payments_policy_hold_hours_range",
                violation_error_message="An unpaid session is held from 1 to 720 hours.",
            ),
        ]

    def __str__(self) -> str:
        return "Payment policy"

    @classmethod
    def load(cls) -> "PaymentPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class Reason(models.TextChoices):
    LATE_CANCELLATION = "late_cancellation", "Late cancellation"
    NO_SHOW = "no_show", "No-show"
    POSTPONEMENT = "postponement", "Postponed by screening"


class Outcome(models.TextChoices):
    FORFEIT = "forfeit", "Deposit forfeited"
    CREDIT = "credit", "Deposit kept as credit"
    FEE = "fee", "Fee charged"
    HOLD = "hold", "Deposit held"
    REFUND = "refund", "Deposit refunded"


class PolicyDecision(models.Model):
    """What the policy did about one late cancellation or no-show (a session) or one postponing screening.

    The money is in the ledger (a fee, refunds); this row says why, and records a waiver: staff's reason
    and the write-off that cancels the fee (the ledger is append-only, so a waiver is a new entry).
    """

    quote = models.ForeignKey("quotes.Quote", on_delete=models.PROTECT, related_name="policy_decisions")
    appointment = models.OneToOneField(
        "bookings.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="policy_decision"
    )
    screening = models.OneToOneField(
        "clients.Screening", null=True, blank=True, on_delete=models.PROTECT, related_name="policy_decision"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))  # fee or refund total
    notice = models.DurationField(null=True, blank=True)  # a late cancellation's notice (real time)
    by_client = models.BooleanField(default=False)  # cancelled by the client online (else by staff)
    fee_entry = models.OneToOneField(
        "payments.LedgerEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="policy_fee_for"
    )
    decided_at = models.DateTimeField()
    waiver_entry = models.OneToOneField(
        "payments.LedgerEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="policy_waiver_for"
    )
    waived_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("decided_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    appointment__isnull=False, screening__isnull=True, reason__in=["late_cancellation", "no_show"]
                )
                | Q(appointment__isnull=True, screening__isnull=False, reason="postponement"),
                name="payments_decision_about_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(reason="postponement", outcome__in=["hold", "refund"])
                | (~Q(reason="postponement") & Q(outcome__in=["forfeit", "credit", "fee"])),
                name="payments_decision_outcome_fits",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payments_decision_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(fee_entry__isnull=True) | Q(outcome__in=["forfeit", "fee"]),
                name="payments_decision_fee_only_when_charged",
            ),
            models.CheckConstraint(
                condition=Q(waived_at__isnull=True, waived_reason="", waived_by__isnull=True)
                | (Q(waived_at__isnull=False, fee_entry__isnull=False) & ~Q(waived_reason="")),
                name="payments_decision_waiver_complete",
                violation_error_message="A waiver has a reason and a time, and waives a fee that was charged.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.get_outcome_display().lower()} ({format_gbp(self.amount)})"

    @property
    def notice_text(self) -> str:
        hours, rest = divmod(int(self.notice.total_seconds()) // 60, 60) if self.notice is not None else (0, 0)
        return f"{hours} h {rest:02d} min"

    @property
    def waivable(self) -> bool:
        return self.fee_entry_id is not None and self.waived_at is None


class DepositHold(models.Model):
    """Session 1 booked while its deposit is unpaid, when the policy asks for the deposit first.

    Open until `until`: paying the deposit confirms it (`confirmed_at`), the beat task releases it after
    (`released_at`: the session cancelled, its time freed). Never both.
    """

    appointment = models.OneToOneField("bookings.Appointment", on_delete=models.PROTECT, related_name="deposit_hold")
    quote = models.ForeignKey("quotes.Quote", on_delete=models.PROTECT, related_name="deposit_holds")
    until = models.DateTimeField()
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["until"],
                name="payments_hold_open_until",
                condition=Q(confirmed_at__isnull=True, released_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(released_at__isnull=True),
                name="payments_hold_confirmed_or_released",
                violation_error_message="A held session is either confirmed or released, never both.",
            ),
        ]

    def __str__(self) -> str:
        return f"Hold on appointment {self.appointment_id} until {self.until:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.released_at is None
