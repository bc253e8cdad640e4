"""Treatment plans: 3 (sometimes 4) SMP sessions with the same artist, spaced by editable rules."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from clients.models import TreatmentType

from .appointments import visible_by_artist_or_client
from .calendar import Artist


class SpacingRules(models.Model):
    """Gaps between sessions, in days (a single row, pk=1, edited in the admin)."""

    min_days_1_2 = models.PositiveSmallIntegerField("session 1→2: at least (days)", default=7)
    recommended_days_1_2 = models.PositiveSmallIntegerField("session 1→2: recommended (days)", default=10)
    min_days_2_3 = models.PositiveSmallIntegerField("session 2→3: at least (days)", default=14)
    recommended_days_2_3 = models.PositiveSmallIntegerField("session 2→3: recommended (days)", default=28)
    min_days_3_4 = models.PositiveSmallIntegerField("session 3→4: at least (days)", default=14)
    recommended_days_3_4 = models.PositiveSmallIntegerField("session 3→4: recommended (days)", default=30)
    max_gap_days = models.PositiveSmallIntegerField(
        "maximum gap (days)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A longer gap between two sessions is allowed with a warning (1–365 days).",
    )

    class Meta:
        verbose_name = verbose_name_plural = "spacing rules"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="bookings_spacing_singleton",
                violation_error_message="There is one set of spacing rules: change the existing one.",
            ),
            models.CheckConstraint(
                condition=Q(recommended_days_1_2__gte=F("min_days_1_2"))
                & Q(recommended_days_2_3__gte=F("min_days_2_3"))
                & Q(recommended_days_3_4__gte=F("min_days_3_4")),
                name="bookings_spacing_recommended_not_below_min",
                violation_error_message="Each recommended gap must be at least its minimum (e.g. session 1→2: "
                "recommended 10 days, at least 7).",
            ),
            models.CheckConstraint(
                condition=Q(max_gap_days__gte=F("recommended_days_2_3"))
                & Q(max_gap_days__gte=F("recommended_days_1_2"))
                & Q(max_gap_days__gte=F("recommended_days_3_4")),
                name="bookings_spacing_max_gap_above_recommended",
                violation_error_message="The maximum gap must be at least every recommended gap.",
            ),
        ]

    def __str__(self) -> str:
        return "Spacing rules"

    @classmethod
    def load(cls) -> "SpacingRules":
        rules, _ = cls.objects.get_or_create(pk=1)
        return rules

    def minimum_before(self, number: int) -> int:
        """Days required between session `number - 1` and `number`."""
        return {2: self.min_days_1_2, 3: self.min_days_2_3, 4: self.min_days_3_4}[number]

    def recommended_before(self, number: int) -> int:
        return {2: self.recommended_days_1_2, 3: self.recommended_days_2_3, 4: self.recommended_days_3_4}[number]


# Said by the admin (the constraint) and by the plan page (create_plan), in the same words.
ONE_ACTIVE_PLAN = "This client already has a plan in progress; complete or cancel it first."


class TreatmentPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TreatmentPlanQuerySet":
        """Staff: all; an artist: the plans they carry out; a client: their own."""
        return visible_by_artist_or_client(self, user)


class TreatmentPlan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="plans")
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="plans")
    treatment_type = models.CharField(max_length=16, choices=TreatmentType.choices)
    session_count = models.PositiveSmallIntegerField(default=3, choices=[(3, "3 sessions"), (4, "4 sessions")])
    fourth_session_reason = models.CharField(
        max_length=200, blank=True, help_text="Why a 4th session (e.g. alopecia, scarring, very light skin)."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    # Who changed what and when (UK GDPR accountability); managers read it.
    history = HistoricalRecords()

    objects = TreatmentPlanQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(session_count=3) | Q(session_count=4, fourth_session_reason__regex=r"\S"),
                name="bookings_plan_three_or_four_with_reason",
                violation_error_message="A plan has 3 sessions, or 4 with the reason for the 4th written down.",
            ),
            models.CheckConstraint(
                condition=Q(treatment_type__in=TreatmentType.values),
                name="bookings_plan_type_valid",
                violation_error_message="Choose a treatment type from the list.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "completed", "cancelled"]),
                name="bookings_plan_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(status="completed"),
                name="bookings_plan_completed_at_only_when_completed",
                violation_error_message="Only a completed plan has a completion date.",
            ),
            # One plan in progress per client: a double-clicked "Create plan" can't make two.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="active"),
                name="bookings_one_active_plan",
                violation_error_message=ONE_ACTIVE_PLAN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_treatment_type_display()} plan for {self.client.full_name}"


class SessionNote(models.Model):
    """What the artist did in a session: kept per session for the next one and for top-ups."""

    appointment = models.ForeignKey("bookings.Appointment", on_delete=models.CASCADE, related_name="session_notes")
    author = models.ForeignKey("users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pigment_shade = models.CharField(max_length=80, blank=True)
    needle = models.CharField(max_length=80, blank=True)
    density_layer = models.CharField(max_length=80, blank=True, help_text="e.g. base layer, density, detail")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Who changed what and when (UK GDPR accountability); managers read it.
    history = HistoricalRecords()

    class Meta:
        ordering = ("created_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(pigment_shade__regex=r"\S")
                | Q(needle__regex=r"\S")
                | Q(density_layer__regex=r"\S")
                | Q(notes__regex=r"\S"),
                name="bookings_session_note_not_empty",
                violation_error_message="Write something in the note: a shade, needle, layer or a few words.",
            ),
        ]

    def __str__(self) -> str:
        return f"Note on {self.appointment}"


__all__ = ["SessionNote", "SpacingRules", "TreatmentPlan"]
