"""Scalp photos through the treatment: intake, before/after each session, healing, patch test.

Photos are health data. Files live in the default storage under random names (nothing personal in a path)
and are never served by a public URL: only `photos:file` (access-checked, no-store) answers with them.
Every look by the team is a `PhotoView` row (who, when, which photo): the access record UK GDPR asks for.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from clients.models import Client


class Purpose(models.TextChoices):
    INTAKE = "intake", "Consultation (intake)"
    SESSION_BEFORE = "session_before", "Session, before"
    SESSION_AFTER = "session_after", "Session, after"
    HEALING = "healing", "Healing (aftercare)"
    PATCH_TEST = "patch_test", "Patch test"


# Purposes that are about one appointment: the session photographed, the session the healing follows.
NEEDS_APPOINTMENT = (Purpose.SESSION_BEFORE, Purpose.SESSION_AFTER, Purpose.HEALING)


class Angle(models.TextChoices):
    FRONT = "front", "Front hairline"
    TOP = "top", "Top"
    CROWN = "crown", "Crown"
    LEFT = "left", "Left side"
    RIGHT = "right", "Right side"
    BACK = "back", "Back"


class Status(models.TextChoices):
    PROCESSING = "processing", "Processing"  # the original is stored; thumbnail and display size still to come
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Size(models.TextChoices):
    ORIGINAL = "original", "Original"
    DISPLAY = "display", "Display"
    THUMB = "thumb", "Thumbnail"


class PhotoQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PhotoQuerySet":
        """Staff: all; an artist: their clients' (clients.visibility); a client: their own."""
        return self.filter(client__in=Client.objects.visible_to(user))

    def in_gallery(self) -> "PhotoQuerySet":
        """Photos the client agreed may be shown in the clinic's gallery and has not withdrawn."""
        return self.filter(gallery_consent=True, gallery_withdrawn_at__isnull=True, status=Status.READY)


def original_name(instance, filename: str) -> str:  # the storage name: random, never the upload's name
    return f"photos/{instance.public_id.hex}.jpg"


class Photo(models.Model):
    Purpose = Purpose
    Angle = Angle
    Status = Status

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="photos")
    appointment = models.ForeignKey(
        "bookings.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    angle = models.CharField(max_length=8, choices=Angle.choices)
    original = models.FileField(upload_to=original_name, max_length=200)
    display = models.FileField(blank=True, max_length=200)
    thumb = models.FileField(blank=True, max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROCESSING)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bytes = models.PositiveIntegerField(help_text="Size of the stored original.")
    sha256 = models.CharField(max_length=64, help_text="Of the stored original.")
    notes = models.CharField(max_length=300, blank=True, help_text="Pigment shade, density…")
    gallery_consent = models.BooleanField(default=False, help_text="May be shown in the clinic's gallery.")
    gallery_withdrawn_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ("uploaded_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="photos_purpose_valid"),
            models.CheckConstraint(condition=Q(angle__in=Angle.values), name="photos_angle_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="photos_status_valid"),
            # A before/after photo belongs to its session; a healing photo to the session it heals from.
            models.CheckConstraint(
                condition=~Q(purpose__in=[p.value for p in NEEDS_APPOINTMENT]) | Q(appointment__isnull=False),
                name="photos_purpose_needs_appointment",
            ),
            # "Ready" means both sizes exist: pages never link to a size that is not there.
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(display="") & ~Q(thumb="")), name="photos_ready_has_sizes"
            ),
            # Withdrawing is only meaningful for a photo that had consent (a later yes clears the date).
            models.CheckConstraint(
                condition=Q(gallery_withdrawn_at__isnull=True) | Q(gallery_consent=True),
                name="photos_withdrawn_only_with_consent",
            ),
            models.CheckConstraint(condition=Q(width__gt=0, height__gt=0), name="photos_dimensions_positive"),
        ]
        indexes = [
            models.Index(fields=["client", "angle", "uploaded_at"], name="photos_client_angle_time"),
            models.Index(fields=["appointment", "purpose"], name="photos_appointment_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.get_angle_display()}, {self.get_purpose_display()} (#{self.pk})"

    @property
    def is_ready(self) -> bool:
        return self.status == Status.READY

    def file_for(self, size: str):
        return {Size.ORIGINAL: self.original, Size.DISPLAY: self.display, Size.THUMB: self.thumb}[size]


class PhotoView(models.Model):
    """A member of the team opened a photo (any size): the access record for health data."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="views")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    size = models.CharField(max_length=8, choices=Size.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ("-at", "-pk")
        constraints = [models.CheckConstraint(condition=Q(size__in=Size.values), name="photos_view_size_valid")]
        indexes = [models.Index(fields=["client", "at"], name="photos_view_client_time")]

    def __str__(self) -> str:
        return f"{self.user} viewed photo #{self.photo_id} ({self.size})"
