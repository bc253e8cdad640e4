"""The client's online intake before a consultation: screening answers, concern, photo consent, progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from clients.models import TreatmentType
from clients.screening_rules import OUTCOME_LABELS, Outcome, evaluate


class IntakeStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"


class ConcernSince(models.TextChoices):
    UNDER_1 = "under_1", "Less than a year"
    YEARS_1_3 = "1_3", "1 to 3 years"
    YEARS_3_5 = "3_5", "3 to 5 years"
    YEARS_5_10 = "5_10", "5 to 10 years"
    OVER_10 = "over_10", "More than 10 years"


class Intake(models.Model):
    """One per consultation. The status is stored (lists filter on it) and recomputed by every service that writes.

    `answers` has the keys of clients.screening_rules.QUESTIONS; the provisional outcome is derived from them
    by the same rules staff screening uses. The confirmed screening (clients.Screening) is the record.
    """

    Status = IntakeStatus

    appointment = models.OneToOneField("bookings.Appointment", on_delete=models.CASCADE, related_name="intake")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="intakes")
    status = models.CharField(max_length=16, choices=IntakeStatus.choices, default=IntakeStatus.NOT_STARTED)
    answers = models.JSONField(default=dict, blank=True, help_text="{question key: true/false}, as the client answered")
    screening_saved_at = models.DateTimeField(null=True, blank=True)
    concern = models.CharField(max_length=20, choices=TreatmentType.choices, blank=True)
    concern_since = models.CharField(max_length=10, choices=ConcernSince.choices, blank=True)
    concern_notes = models.TextField(blank=True, max_length=2000)
    photo_consent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the client agreed to keep their photos in the clinical record."
    )
    photos_done_at = models.DateTimeField(null=True, blank=True)
    consent_signed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    screening = models.ForeignKey(
        "clients.Screening",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The screening the artist confirmed from these answers (the record).",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # [{"key": …, "question": …, "client": bool, "confirmed": bool}] for each answer the artist corrected.
    changes = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=IntakeStatus.values), name="intake_status_valid"),
            models.CheckConstraint(
                condition=Q(concern="") | Q(concern__in=TreatmentType.values), name="intake_concern_valid"
            ),
            models.CheckConstraint(
                condition=Q(concern_since="") | Q(concern_since__in=ConcernSince.values),
                name="intake_concern_since_valid",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, screening__isnull=True)
                | Q(confirmed_at__isnull=False, screening__isnull=False),
                name="intake_confirmed_with_screening",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake for {self.client} ({self.get_status_display()})"

    @property
    def evaluation(self):
        return evaluate(self.answers)

    @property
    def provisional_label(self) -> str:
        return OUTCOME_LABELS[self.evaluation.outcome] if self.screening_saved_at else ""

    @property
    def is_simply_eligible(self) -> bool:
        return self.evaluation.outcome == Outcome.ELIGIBLE

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def derive_status(self) -> str:
        if self.screening_saved_at and not self.is_simply_eligible:
            return IntakeStatus.NEEDS_ATTENTION
        if self.completed_at:
            return IntakeStatus.COMPLETE
        if self.started_at:
            return IntakeStatus.IN_PROGRESS
        return IntakeStatus.NOT_STARTED
