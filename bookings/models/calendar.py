"""Artists' availability: who works when, what can be booked, and the clinic-wide rules."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from clinic.access import artist_of, is_staff
from clinic.clock import to_clinic_time


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(32)


class ArtistQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ArtistQuerySet":
        """Whose calendars a user may open: staff all, an artist only their own."""
        if is_staff(user):
            # An artist who has left still shows while they have appointments to move. EXISTS, not a join:
            # the join read every appointment of every artist (30 ms a calendar page with 200,000 of them).
            appointments = self.model._meta.get_field("appointments").related_model.objects
            upcoming = appointments.filter(artist=OuterRef("pk"), status="booked", start__gte=timezone.now())
            return self.filter(Q(is_active=True) | Exists(upcoming))
        if artist := artist_of(user):
            return self.filter(pk=artist.pk)
        return self.none()


class Artist(models.Model):
    """An SMP practitioner whose calendar clients are booked into."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="artist"
    )
    display_name = models.CharField(max_length=80)
    calendar_colour = models.CharField(max_length=7, default="#3d5a80", help_text="Hex colour, e.g. #3d5a80")
    is_active = models.BooleanField(default=True, help_text="Inactive artists take no new bookings.")
    buffer_minutes = models.PositiveSmallIntegerField(
        "buffer (minutes)",
        default=15,
        validators=[MaxValueValidator(240)],
        help_text="Minutes kept free after each appointment (0–240).",
    )
    # Shown on the clinic's home page (website app); both optional: no photo shows the initials.
    bio = models.TextField(max_length=600, blank=True, help_text="A few lines for the website's team section.")
    photo = models.ImageField(upload_to="artists/", blank=True, help_text="Square, at least 400×400 px.")
    # The private iCal feed's address; regenerating it revokes every existing subscription.
    calendar_secret = models.CharField(max_length=64, unique=True, default=new_calendar_secret, editable=False)

    objects = ArtistQuerySet.as_manager()

    class Meta:
        ordering = ("display_name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(calendar_colour__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="bookings_artist_colour_hex",
                violation_error_message="The calendar colour must be # and six hex digits, e.g. #3d5a80.",
            ),
            models.CheckConstraint(
                condition=Q(buffer_minutes__lte=240),
                name="bookings_artist_buffer_range",
                violation_error_message="An artist's buffer can be at most 240 minutes (4 hours).",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class WorkingHours(models.Model):
    """One interval of an artist's weekly template; several per day allow breaks."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField(help_text="Clinic local time")
    end_time = models.TimeField(help_text="Clinic local time")

    class Meta:
        ordering = ("artist", "weekday", "start_time")
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")),
                name="bookings_hours_start_before_end",
                violation_error_message="Working hours must end after they start (for a break, add two intervals).",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="bookings_hours_weekday_valid",
                violation_error_message="Choose a day of the week.",
            ),
            models.UniqueConstraint(
                fields=["artist", "weekday", "start_time"],
                name="bookings_hours_unique_start",
                violation_error_message="This artist already has working hours starting at that time on that day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.artist} {self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class TimeOff(models.Model):
    """A dated absence (holiday, sickness, training): no bookings in it."""

    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="time_off")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ("start",)
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="bookings_timeoff_start_before_end",
                violation_error_message="Time off must end after it starts.",
            ),
        ]
        indexes = [models.Index(fields=["artist", "end"], name="bookings_timeoff_artist_end")]

    def __str__(self) -> str:
        start, end = to_clinic_time(self.start), to_clinic_time(self.end)
        return f"{self.artist}: {start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M}"


class Service(models.Model):
    """A bookable kind of appointment; durations and buffers are the clinic's to edit."""

    CONSULTATION = "consultation"
    FIRST_SESSION = "session-first"
    FOLLOW_UP_SESSION = "session-follow-up"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)",
        validators=[MinValueValidator(5), MaxValueValidator(600)],
        help_text="How long it is booked for, 5–600 minutes.",
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        "buffer (minutes)",
        default=0,
        validators=[MaxValueValidator(240)],
        help_text="Minutes kept free after it, 0–240 (the artist's own, if larger).",
    )
    bookable_online = models.BooleanField(default=False)
    preparation = models.TextField(
        "how to prepare", blank=True, help_text="A few lines for the client, in the e-mails about this appointment."
    )

    class Meta:
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=600),
                name="bookings_service_duration_range",
                violation_error_message="A service lasts from 5 to 600 minutes (10 hours).",
            ),
            models.CheckConstraint(
                condition=Q(buffer_minutes__lte=240),
                name="bookings_service_buffer_range",
                violation_error_message="A service's buffer can be at most 240 minutes (4 hours).",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BookingPolicy(models.Model):
    """Clinic-wide booking rules: a single row (pk=1), edited in the admin."""

    min_notice_minutes = models.PositiveIntegerField(
        "minimum notice (minutes)", default=120, help_text="Online bookings need this many minutes' notice."
    )
    # The one rule clients see on the quote, the e-mails, the manage page and the portal (bookings/notice.py).
    change_notice_hours = models.PositiveSmallIntegerField(
        "change notice (hours)",
        default=48,
        validators=[MaxValueValidator(720)],
        help_text="Clients may move or cancel an appointment online up to this many hours before it starts "
        "(consultations by their link, sessions in the portal); later, they call the clinic. Staff may always move.",
    )
    horizon_days = models.PositiveSmallIntegerField(
        "booking horizon (days)",
        default=60,
        validators=[MinValueValidator(1)],
        help_text="How many days ahead clients may book online.",
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        "slot step (minutes)",
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text="Slots start every this many minutes (5–120) from the start of each working interval.",
    )
    patch_test_required = models.BooleanField(
        "patch test required",
        default=False,
        help_text="Session 1 can only be scheduled once a patch test has been reviewed with no reaction, at "
        "least the days below after it was done (staff may override with a written reason).",
    )
    patch_test_min_days = models.PositiveSmallIntegerField(
        "days from patch test to session 1",
        default=7,
        validators=[MaxValueValidator(90)],
        help_text="Clinic days (calendar days in the clinic's time zone) between the patch test and session 1; "
        "commonly 7 to 28. Used only when a patch test is required.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "booking policy"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="bookings_policy_singleton",
                violation_error_message="There is one booking policy: change the existing one.",
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1),
                name="bookings_policy_horizon_positive",
                violation_error_message="Clients must be able to book at least 1 day ahead.",
            ),
            models.CheckConstraint(
                condition=Q(change_notice_hours__lte=720),
                name="bookings_policy_change_notice_range",
                violation_error_message="The change notice can be at most 720 hours (30 days).",
            ),
            models.CheckConstraint(
                condition=Q(slot_step_minutes__gte=5, slot_step_minutes__lte=120),
                name="bookings_policy_step_range",
                violation_error_message="The slot step is from 5 to 120 minutes.",
            ),
            models.CheckConstraint(
                condition=Q(patch_test_min_days__lte=90),
                name="bookings_policy_patch_test_days_range",
                violation_error_message="The patch test can be asked for at most 90 days before session 1.",
            ),
        ]

    def __str__(self) -> str:
        return "Booking policy"

    @classmethod
    def load(cls) -> "BookingPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy
