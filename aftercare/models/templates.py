"""Aftercare templates: the clinic's instructions, edited in the admin and copied into each schedule."""

from django.db import models
from django.db.models import Q


class AftercareTemplate(models.Model):
    class Purpose(models.TextChoices):
        FINAL = "final", "After the final session (30 days)"
        BETWEEN = "between", "Between sessions"

    name = models.CharField(max_length=120)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    # The template a new schedule uses; one per purpose.
    is_default = models.BooleanField(default=True)
    closing_advice = models.TextField(blank=True, help_text="Long-term care shown after the last step.")

    class Meta:
        ordering = ["purpose", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=["final", "between"]),
                name="aftercare_template_purpose",
                violation_error_message="Choose what the template is for from the list.",
            ),
            models.UniqueConstraint(
                fields=["purpose"],
                condition=Q(is_default=True),
                name="aftercare_one_default_template_per_purpose",
                violation_error_message="Another template is already the default for this purpose: untick "
                "“Is default” there first.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AftercareStep(models.Model):
    template = models.ForeignKey(AftercareTemplate, on_delete=models.CASCADE, related_name="steps")
    day = models.PositiveSmallIntegerField(help_text="Days after the session, 0–30 (0 = the day of the session).")
    last_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days after the session, for instructions that last several (e.g. 0–4)."
    )
    title = models.CharField(max_length=120)
    instructions = models.TextField()
    send_reminder = models.BooleanField(default=False, help_text="E-mail the client this step on its first day.")
    is_check_in = models.BooleanField(default=False, help_text="The day-30 check-in: is a touch-up needed?")

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day__lte=30),
                name="aftercare_step_day_0_30",
                violation_error_message="A step's day is from 0 to 30 (days after the session).",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | (Q(last_day__gte=models.F("day")) & Q(last_day__lte=30)),
                name="aftercare_step_last_day_in_range",
                violation_error_message="A step's last day is from its first day to day 30.",
            ),
        ]

    def __str__(self) -> str:
        return f"Day {self.day}: {self.title}"
