"""The reminder outbox: every message the clinic sends on its own is a row here before it is a task.

Rows are written in the transaction of the change that causes them, so a rolled-back booking has
no reminder and a committed one always has. The beat dispatcher claims due rows; the delivery task
sends and marks them under the row lock. The unique `key` makes creating a reminder idempotent.
"""

from django.db import models
from django.db.models import Q


class ReminderKind(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", "Consultation booked"
    BOOKING_MOVED = "booking_moved", "Consultation moved"
    BOOKING_CANCELLED = "booking_cancelled", "Consultation cancelled"
    CONSULTATION = "consultation", "Consultation reminder"
    SESSION = "session", "Session reminder"
    AFTERCARE_STEP = "aftercare_step", "Aftercare step"
    CHECK_IN = "check_in", "Day-30 check-in"
    TOP_UP = "top_up", "Top-up reminder"
    QUOTE_EXPIRING = "quote_expiring", "Quote about to expire"


# The consultation e-mails, by the name `bookings` gives them (its e-mail templates use the name).
BOOKING_EMAIL_KINDS = {
    "confirmation": ReminderKind.BOOKING_CONFIRMED,
    "rescheduled": ReminderKind.BOOKING_MOVED,
    "cancellation": ReminderKind.BOOKING_CANCELLED,
}

# Sent even to clients who withdrew contact consent: they are about a booking or treatment they have.
TRANSACTIONAL_KINDS = frozenset(
    {
        ReminderKind.BOOKING_CONFIRMED,
        ReminderKind.BOOKING_MOVED,
        ReminderKind.BOOKING_CANCELLED,
        ReminderKind.CONSULTATION,
        ReminderKind.SESSION,
        ReminderKind.AFTERCARE_STEP,
    }
)


class ReminderChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "SMS"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SKIPPED = "skipped", "Skipped"


def _choices_check(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [value for value, _ in choices.choices]})


class Reminder(models.Model):
    Kind = ReminderKind
    Channel = ReminderChannel
    Status = ReminderStatus

    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key: what, for which object, when.")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="reminders")
    appointment = models.ForeignKey(
        "bookings.Appointment", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    schedule = models.ForeignKey(
        "aftercare.AftercareSchedule", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.ForeignKey(
        "aftercare.ScheduleStep", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    quote = models.ForeignKey("quotes.Quote", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField(help_text="When it should go out.")
    # Not sent after this (a reminder an hour late is noise, after the appointment it is wrong).
    expires_at = models.DateTimeField()
    # due_at at first; pushed back by the retry backoff after a failed attempt.
    available_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="Why it was skipped or cancelled.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=_choices_check("kind", ReminderKind), name="aftercare_reminder_kind"),
            models.CheckConstraint(
                condition=_choices_check("channel", ReminderChannel), name="aftercare_reminder_channel"
            ),
            models.CheckConstraint(
                condition=_choices_check("status", ReminderStatus), name="aftercare_reminder_status"
            ),
            models.CheckConstraint(condition=Q(expires_at__gte=models.F("due_at")), name="aftercare_reminder_expiry"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="aftercare_reminder_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False), name="aftercare_reminder_claim_time"
            ),
        ]
        indexes = [
            # The dispatcher's two questions: what is due, and which claims went stale.
            models.Index(fields=["available_at"], condition=Q(status="pending"), name="aftercare_reminder_due"),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="aftercare_reminder_claimed"),
            models.Index(fields=["status", "due_at"], name="aftercare_reminder_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()}) for {self.client_id} at {self.due_at}"

    @property
    def is_transactional(self) -> bool:
        return self.kind in TRANSACTIONAL_KINDS
