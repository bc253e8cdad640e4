"""Appointments (consultations and treatment sessions) in artists' calendars."""

import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q
from psycopg2.extras import DateTimeTZRange
from simple_history.models import HistoricalRecords

from clients.names import greeting_name
from clinic.access import artist_of, is_staff
from clinic.clock import to_clinic_time

from ..ranges import TsTzRange
from .calendar import Artist, Service


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


class AppointmentSource(models.TextChoices):
    ONLINE = "online", "Online form"
    API = "api", "API"
    STAFF = "staff", "Staff"


# Statuses that hold the artist's time; cancelled ones free it.
ACTIVE_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)
# A session that still counts for its plan: booked, or done (a no-show or a cancelled one must be booked again).
LIVE_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED)


def visible_by_artist_or_client(qs: models.QuerySet, user) -> models.QuerySet:
    """Rows with an `artist` and a `client`: staff see all, an artist theirs, a client their own."""
    if is_staff(user):
        return qs.all()
    if artist := artist_of(user):
        return qs.filter(artist=artist)
    if user.is_authenticated:
        return qs.filter(client__user=user)
    return qs.none()


class AppointmentQuerySet(models.QuerySet):
    def active(self) -> "AppointmentQuerySet":
        return self.filter(status__in=ACTIVE_STATUSES)

    def visible_to(self, user) -> "AppointmentQuerySet":
        """Staff: all; an artist: their own calendar's; a client: their own."""
        return visible_by_artist_or_client(self, user)

    def overlapping(self, start, end) -> "AppointmentQuerySet":
        """Rows whose blocked time (buffer included) meets [start, end); uses the GiST index."""
        return self.alias(blocked=TsTzRange("start", "blocked_until")).filter(
            blocked__overlap=DateTimeTZRange(start, end)
        )


class Appointment(models.Model):
    Status = AppointmentStatus
    Source = AppointmentSource
    ACTIVE_STATUSES = ACTIVE_STATUSES
    LIVE_STATUSES = LIVE_STATUSES

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="appointments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="appointments")
    start = models.DateTimeField()
    end = models.DateTimeField()
    # start → end + buffer, fixed at booking time so a later buffer change can't create overlaps.
    blocked_until = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    # Treatment sessions belong to a plan and have a number (1-4); consultations have neither.
    plan = models.ForeignKey(
        "bookings.TreatmentPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    session_number = models.PositiveSmallIntegerField(null=True, blank=True)
    # Set when staff scheduled a session outside the spacing rules on purpose.
    spacing_override_reason = models.TextField(blank=True)
    # Set when staff scheduled session 1 before the patch-test rule allows, on purpose (BookingPolicy).
    patch_test_override_reason = models.TextField(blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.ONLINE)
    # What was typed when booking. A public form can't edit a client's record (anyone can type any
    # e-mail address), so the typed name and phone are kept here for staff to compare and confirm.
    booked_name = models.CharField(max_length=150, blank=True)
    booked_phone = models.CharField(max_length=20, blank=True)
    # Shown back on the confirmation page instead of the stored record's address (which may differ in case).
    booked_email = models.EmailField(max_length=254, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped on each change, for calendar files.")
    # The time the client was last told before the latest move: the "moved" e-mail names it.
    previous_start = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    # Who changed what and when (UK GDPR accountability); managers read it.
    history = HistoricalRecords()

    class Meta:
        ordering = ("start",)
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="bookings_appt_start_before_end"),
            models.CheckConstraint(condition=Q(end__lte=F("blocked_until")), name="bookings_appt_end_within_blocked"),
            models.CheckConstraint(condition=Q(status__in=AppointmentStatus.values), name="bookings_appt_status_valid"),
            models.CheckConstraint(condition=Q(source__in=AppointmentSource.values), name="bookings_appt_source_valid"),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(status="cancelled"),
                name="bookings_appt_cancelled_at_only_when_cancelled",
            ),
            models.CheckConstraint(
                condition=Q(plan__isnull=True, session_number__isnull=True)
                | Q(plan__isnull=False, session_number__gte=1, session_number__lte=4),
                name="bookings_appt_session_number_with_plan",
            ),
            # One live appointment per session of a plan (a cancelled or missed one may be booked again).
            models.UniqueConstraint(
                fields=["plan", "session_number"],
                condition=Q(status__in=LIVE_STATUSES),
                name="bookings_appt_one_live_session_per_number",
            ),
            # The last line of defence against double booking, whatever the code above it does.
            ExclusionConstraint(
                name="bookings_appt_no_overlap",
                expressions=[
                    ("artist", RangeOperators.EQUAL),
                    (TsTzRange("start", "blocked_until"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
            ),
        ]
        indexes = [
            # Covering: the owner's reports read a year of appointments by these columns alone (an index-only
            # scan where the visibility map allows), not from the table's pages.
            models.Index(
                fields=["start"],
                include=[
                    "artist",
                    "service",
                    "client",
                    "status",
                    "end",
                    "cancelled_at",
                    "source",
                    "created_at",
                    "session_number",
                ],
                name="bookings_appt_start_covering",
            ),
            models.Index(fields=["client", "start"], name="bookings_appt_client_start"),
        ]

    def __str__(self) -> str:
        return f"{self.service} with {self.artist} at {to_clinic_time(self.start):%Y-%m-%d %H:%M}"

    @property
    def greeting_name(self) -> str:
        """The first name to greet the person who booked by (from what they typed, not the stored record)."""
        return greeting_name(self.booked_name or self.client.full_name)

    @property
    def booked_differently(self) -> bool:
        """Typed details that differ from the client record: staff should check who this is."""
        return bool(self.booked_name and self.booked_name.casefold() != self.client.full_name.casefold()) or bool(
            self.booked_phone and self.booked_phone != self.client.phone
        )

    @property
    def is_session(self) -> bool:
        return self.plan_id is not None

    @property
    def what(self) -> str:
        """ "Session 2 of 3", or the service's name outside a plan ("Free consultation"); select the plan and
        the service with the appointment where many are shown."""
        if self.is_session:
            return f"Session {self.session_number} of {self.plan.session_count}"
        return self.service.name

    @property
    def status_label(self) -> str:
        """Sessions read as scheduled/completed; consultations as booked/attended."""
        if self.is_session and self.status in LIVE_STATUSES:
            return "Scheduled" if self.status == AppointmentStatus.BOOKED else "Completed"
        return self.get_status_display()
