"""The price list (edited in the admin) and quotes with gapless yearly numbers."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from clients.models import Client, ExtentScale, TreatmentType
from clinic.access import artist_of, is_staff
from clinic.money import format_gbp
from clinic.text import WRITTEN_REASON_REGEX


def money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(0)], **kwargs)


class TreatmentPrice(models.Model):
    treatment_type = models.CharField(max_length=20, choices=TreatmentType.choices, unique=True)
    base_price = money()
    includes = models.CharField(max_length=200, blank=True, help_text="Shown on the quote, e.g. '3 sessions'.")

    class Meta:
        ordering = ("treatment_type",)
        constraints = [
            models.CheckConstraint(
                condition=Q(base_price__gte=0),
                name="quotes_price_not_negative",
                violation_error_message="A price can't be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_treatment_type_display()}: {format_gbp(self.base_price)}"


class ExtentPrice(models.Model):
    """What the extent of hair loss adds: per Norwood stage, Ludwig stage or number of scars."""

    scale = models.CharField(max_length=10, choices=ExtentScale.choices)
    stage = models.PositiveSmallIntegerField()
    amount = money()

    class Meta:
        ordering = ("scale", "stage")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "stage"],
                name="quotes_extent_unique",
                violation_error_message="That stage of that scale already has a price: change it there.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="quotes_extent_not_negative",
                violation_error_message="An extent's amount can't be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scale_display()} {self.stage}: +{format_gbp(self.amount)}"


class PriceExtra(models.Model):
    """Optional lines: a 4th session, a top-up session, …"""

    FOURTH_SESSION = "fourth-session"

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    price = money()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="quotes_extra_not_negative",
                violation_error_message="An extra's price can't be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {format_gbp(self.price)}"


class QuoteCounter(models.Model):
    """The last number issued in a year; locked while issuing so numbers have no gaps or repeats."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class QuoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "QuoteQuerySet":
        """Staff: all; an artist: their clients' quotes (read-only); a client: their own issued quotes."""
        if is_staff(user):
            return self.all()
        if artist_of(user):
            return self.filter(client__in=Client.objects.visible_to(user))
        if user.is_authenticated:
            return self.filter(client__user=user).exclude(status="draft")
        return self.none()


class Quote(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        SUPERSEDED = "superseded", "Superseded"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="quotes")
    # What the client's link names (quotes/tokens.py): random, so the link tells nothing of the numbering.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    treatment_type = models.CharField(max_length=20, choices=TreatmentType.choices)
    session_count = models.PositiveSmallIntegerField(default=3, choices=[(3, "3 sessions"), (4, "4 sessions")])
    extent_scale = models.CharField(max_length=10, choices=ExtentScale.choices, blank=True)
    extent_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    extras = models.ManyToManyField(PriceExtra, blank=True, related_name="+")
    # A manager may set the price outside the band; the reason and who did it are kept.
    manual_subtotal = money(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    computed_subtotal = money(default=0)
    subtotal = money(default=0)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=3, default=0)
    vat_amount = money(default=0)
    total = money(default=0)
    deposit = money(default=0)
    # Set when issued: numbered per year without gaps (Q-2026-0001), then immutable.
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_until = models.DateField(null=True, blank=True)
    pdf = models.FileField(upload_to="quotes/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_name = models.CharField(max_length=150, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    plan = models.OneToOneField(
        "bookings.TreatmentPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="quote"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Who changed what and when (UK GDPR accountability); managers read it.
    history = HistoricalRecords()

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        permissions = [("override_price_band", "Can set a quote price outside the clinic's band")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "accepted", "declined", "expired", "superseded"]),
                name="quotes_status_valid",
            ),
            models.CheckConstraint(condition=Q(total=F("subtotal") + F("vat_amount")), name="quotes_total_adds_up"),
            models.CheckConstraint(condition=Q(deposit__lte=F("total")), name="quotes_deposit_within_total"),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True)
                | Q(~Q(status="draft"), number__isnull=False, issued_at__isnull=False, valid_until__isnull=False),
                name="quotes_number_iff_issued",
            ),
            models.CheckConstraint(
                condition=Q(manual_subtotal__isnull=True)
                | Q(override_reason__regex=WRITTEN_REASON_REGEX, override_by__isnull=False),
                name="quotes_manual_price_needs_reason",
            ),
            models.UniqueConstraint(fields=["year", "sequence"], name="quotes_one_number_per_year_sequence"),
            models.CheckConstraint(condition=Q(session_count__in=[3, 4]), name="quotes_three_or_four_sessions"),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft quote #{self.pk}"

    @property
    def adjustment(self):
        """What the band (or a manual price) added to or took from the price-list sum."""
        return self.subtotal - self.computed_subtotal

    @property
    def vat_percent(self) -> str:
        return f"{self.vat_rate * 100:g}%"


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=200)
    amount = money()

    class Meta:
        ordering = ("quote", "position")
        constraints = [models.UniqueConstraint(fields=["quote", "position"], name="quotes_line_position_unique")]

    def __str__(self) -> str:
        return f"{self.description}: {format_gbp(self.amount)}"
