"""The outbox: every message the clinic sends (e-mail or SMS) is a row here before it is a task.

Rows are written in the transaction of the change that causes them, so a rolled-back booking has
no message and a committed one always has. The beat dispatcher claims due rows; the delivery task
sends and marks them under the row lock. The unique `key` makes creating a row idempotent.

A row is about one object of another app (`subject_id`; its kind says of which model, see
`outbox.kinds`), so the outbox sits below the apps that send and needs none of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from . import kinds


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "SMS"


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SKIPPED = "skipped", "Skipped"


# Still to go out: waiting, or claimed by a worker.
OPEN = (Status.PENDING, Status.SENDING)


def _choices_check(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [value for value, _ in choices.choices]})


class ReminderQuerySet(models.QuerySet):
    def about(self, obj: models.Model, *, kinds_: list[str] | None = None) -> "ReminderQuerySet":
        """The rows about `obj` (of the given kinds, default every kind about its model)."""
        return self.filter(kind__in=kinds_ or kinds.about(type(obj)), subject_id=obj.pk)

    def about_any(self, model: type[models.Model], ids, *, kinds_: list[str] | None = None) -> "ReminderQuerySet":
        return self.filter(kind__in=kinds_ or kinds.about(model), subject_id__in=ids)

    def open(self) -> "ReminderQuerySet":
        return self.filter(status__in=OPEN)


class Reminder(models.Model):
    Channel = Channel
    Status = Status

    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key: what, for which object, when.")
    kind = models.CharField(max_length=24, choices=kinds.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    client = models.ForeignKey("clients.Client", null=True, on_delete=models.CASCADE, related_name="reminders")
    # Account messages (a password reset) go to a login, which may be a team member's: no client.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.BigIntegerField(help_text="The object the message is about (its kind says of which model).")
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

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=_choices_check("channel", Channel), name="outbox_reminder_channel"),
            models.CheckConstraint(condition=_choices_check("status", Status), name="outbox_reminder_status"),
            models.CheckConstraint(
                condition=Q(client__isnull=False, user__isnull=True) | Q(client__isnull=True, user__isnull=False),
                name="outbox_reminder_one_recipient",
            ),
            models.CheckConstraint(condition=Q(expires_at__gte=models.F("due_at")), name="outbox_reminder_expiry"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_reminder_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False), name="outbox_reminder_claim_time"
            ),
        ]
        indexes = [
            # The dispatcher's two questions: what is due, and which claims went stale.
            models.Index(fields=["available_at"], condition=Q(status="pending"), name="outbox_reminder_due"),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="outbox_reminder_claimed"),
            models.Index(fields=["status", "due_at"], name="outbox_reminder_status_due"),
            # "The rows about this appointment / quote / step" (every sync starts with it).
            models.Index(fields=["subject_id", "kind"], name="outbox_reminder_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()}) for {self.client_id} at {self.due_at}"

    @property
    def recipient(self):
        """Who it goes to: the client, or for account messages the login (both have full_name and email)."""
        return self.client if self.client_id else self.user

    @property
    def message_kind(self) -> kinds.MessageKind:
        return kinds.get(self.kind)

    @property
    def is_transactional(self) -> bool:
        return self.message_kind.transactional

    @property
    def subject(self):
        """The object this message is about, loaded once (delivery preloads it for a whole batch)."""
        if not hasattr(self, "_subject"):
            kind = self.message_kind
            self._subject = (
                kind.subject_model._default_manager.select_related(*kind.related).filter(pk=self.subject_id).first()
            )
        return self._subject

    @subject.setter
    def subject(self, value) -> None:
        self._subject = value
