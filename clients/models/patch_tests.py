"""A colour patch test before session 1: where, with what, and how the skin reacted on review."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class PatchTest(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", "Pending review"
        NO_REACTION = "no_reaction", "No reaction"
        REACTION = "reaction", "Reaction"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="patch_tests")
    done_on = models.DateField("done on")
    site = models.CharField("site on the scalp", max_length=120, help_text="e.g. behind the left ear")
    pigment = models.CharField("pigment / formula", max_length=160)
    # The artist who did it: a name, so the clinical record needs nothing from bookings (kept after they leave).
    artist_name = models.CharField("artist", max_length=150, blank=True)
    notes = models.TextField(blank=True)
    # Private: served only by records' access-checked view (no public URL); the photos app may replace it.
    photo = models.FileField(upload_to="patch_tests/%Y/", blank=True)
    result = models.CharField(max_length=16, choices=Result.choices, default=Result.PENDING)
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("-done_on", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=["pending", "no_reaction", "reaction"]), name="clients_patch_test_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(result="pending", reviewed_on__isnull=True)
                | (~Q(result="pending") & Q(reviewed_on__isnull=False)),
                name="clients_patch_test_reviewed_with_result",
                violation_error_message="A result needs the date it was reviewed (and a pending test has none).",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | Q(reviewed_on__gte=F("done_on")),
                name="clients_patch_test_reviewed_after_done",
                violation_error_message="The review can't be before the patch test.",
            ),
            models.CheckConstraint(condition=Q(site__regex=r"\S"), name="clients_patch_test_site_given"),
            models.CheckConstraint(condition=Q(pigment__regex=r"\S"), name="clients_patch_test_pigment_given"),
        ]

    def __str__(self) -> str:
        return f"Patch test of {self.client} on {self.done_on:%-d %b %Y} ({self.get_result_display()})"
