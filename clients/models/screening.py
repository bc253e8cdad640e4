"""Screening at the consultation, and the client's consent to treatment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from clinic.text import WRITTEN_REASON_REGEX

from ..screening_rules import OUTCOME_LABELS, Outcome, evaluate

OUTCOME_CHOICES = [(o.value, OUTCOME_LABELS[o]) for o in Outcome]


class Screening(models.Model):
    """The artist's questionnaire at a consultation. The outcome is derived from the answers."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="screenings")
    consultation = models.ForeignKey(
        "bookings.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="screenings"
    )
    answers = models.JSONField(default=dict, help_text="{question key: true/false}")
    derived_outcome = models.CharField(max_length=32, choices=OUTCOME_CHOICES, editable=False)
    postpone_until = models.DateField(null=True, blank=True)
    gp_letter_received_on = models.DateField(null=True, blank=True)
    override_outcome = models.CharField(max_length=32, choices=OUTCOME_CHOICES, blank=True)
    override_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    # Who changed what and when (UK GDPR accountability); managers read it.
    history = HistoricalRecords()

    class Meta:
        ordering = ("-recorded_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(override_outcome="") | Q(override_reason__regex=WRITTEN_REASON_REGEX),
                name="clients_screening_override_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(derived_outcome__in=[o.value for o in Outcome]),
                name="clients_screening_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(override_outcome="") | Q(override_outcome__in=[o.value for o in Outcome]),
                name="clients_screening_override_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.client} ({self.get_outcome_display()})"

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.override_outcome or self.derived_outcome)

    def get_outcome_display(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def reasons(self):
        return evaluate(self.answers).reasons

    def recompute(self) -> None:
        self.derived_outcome = evaluate(self.answers).outcome.value


class ConsentText(models.Model):
    """A version of the treatment consent wording; exactly one is current."""

    version = models.PositiveIntegerField(unique=True)
    body = models.TextField()
    is_current = models.BooleanField(default=False)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-version",)
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="clients_one_current_consent",
                violation_error_message="Another version is current: untick “Is current” there first.",
            )
        ]

    def __str__(self) -> str:
        return f"Consent v{self.version}{' (current)' if self.is_current else ''}"


class ClientConsent(models.Model):
    """The client signed a consent version: drawn on screen (with the typed name) or by the typed name alone.

    What was signed is pinned by the version and the sha256 of its wording; the signed PDF is rendered
    once and stored with its own sha256 (clients/consent/). Older rows (confirmed by a typed name on the
    consent page) have no PDF.
    """

    class Method(models.TextChoices):
        DRAWN = "drawn", "Drawn signature"
        TYPED = "typed", "Typed name"

    class IdType(models.TextChoices):
        PASSPORT = "passport", "Passport"
        DRIVING_LICENCE = "driving_licence", "Driving licence"
        NATIONAL_ID = "national_id", "National identity card"
        OTHER = "other", "Other photo ID"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="consents")
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="signatures")
    typed_name = models.CharField(max_length=150)
    signed_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.TYPED)
    text_sha256 = models.CharField("sha256 of the wording signed", max_length=64, blank=True)
    signature = models.FileField(upload_to="consents/signatures/%Y/", blank=True)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    area_notes = models.TextField("agreed treatment area", blank=True)
    hairline_notes = models.TextField(blank=True)
    id_seen_type = models.CharField("ID seen", max_length=16, choices=IdType.choices, blank=True)
    id_seen_last4 = models.CharField("ID seen: last 4 characters", max_length=4, blank=True)
    artist_name = models.CharField(max_length=150, blank=True)
    pdf = models.FileField(upload_to="consents/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("-signed_at",)
        constraints = [
            models.UniqueConstraint(fields=["client", "consent_text"], name="clients_consent_once_per_version"),
            models.CheckConstraint(condition=Q(typed_name__regex=r"\S{2,}"), name="clients_consent_typed_name"),
            models.CheckConstraint(condition=Q(method__in=["drawn", "typed"]), name="clients_consent_method_valid"),
            models.CheckConstraint(
                condition=Q(method="typed") | ~Q(signature=""), name="clients_consent_drawn_has_signature"
            ),
            models.CheckConstraint(
                condition=(Q(id_seen_type="") & Q(id_seen_last4=""))
                | (
                    Q(id_seen_type__in=["passport", "driving_licence", "national_id", "other"])
                    & Q(id_seen_last4__regex=r"^[A-Za-z0-9]{1,4}$")
                ),
                name="clients_consent_id_seen_complete",
            ),
            models.CheckConstraint(
                condition=Q(pdf="") | Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"), name="clients_consent_pdf_hashed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} consented to v{self.consent_text.version}"

    @property
    def id_seen(self) -> str:
        """ "Passport ending 1234", or ""."""
        if not self.id_seen_type:
            return ""
        return f"{self.get_id_seen_type_display()} ending {self.id_seen_last4}"
