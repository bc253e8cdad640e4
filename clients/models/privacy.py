"""What the clinic did with a client's data under UK GDPR: exports and the erasure (nothing personal kept)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic.text import WRITTEN_REASON_REGEX


class PrivacyAction(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", "Data export downloaded"
        ERASURE = "erasure", "Client erased"

    # The client row stays (anonymised) where financial records must keep pointing to it.
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="privacy_actions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(max_length=300, blank=True, help_text="Why (an erasure request's reference, not names).")

    class Meta:
        ordering = ("-at", "-pk")
        permissions = [
            ("view_audit_trail", "Can read the audit trail of client records"),
            ("export_client_data", "Can download everything held about a client"),
            ("erase_client", "Can erase a client's personal and health data"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["export", "erasure"]), name="clients_privacy_kind_valid"),
            # A client is erased once; a second attempt is refused by the database too.
            models.UniqueConstraint(fields=["client"], condition=Q(kind="erasure"), name="clients_erased_once"),
            models.CheckConstraint(
                condition=~Q(kind="erasure") | Q(reason__regex=WRITTEN_REASON_REGEX),
                name="clients_erasure_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: client #{self.client_id}"
