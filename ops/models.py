"""What the operations layer remembers: the backups it made (the archives live in the backups storage)."""

from django.db import models


class Backup(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled (Celery beat)"
        MANUAL = "manual", "Manual (make backup)"

    # The archive's name in the backups storage; blank until it is written whole.
    name = models.CharField(max_length=200, blank=True)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    encrypted = models.BooleanField(default=False)
    table_count = models.PositiveIntegerField(null=True, blank=True)
    row_count = models.BigIntegerField(null=True, blank=True)
    file_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    # When retention deleted the archive from the storage; the row stays as the record that it existed.
    pruned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["running", "succeeded", "failed"]), name="ops_backup_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(trigger__in=["scheduled", "manual"]), name="ops_backup_trigger_valid"
            ),
            # A finished backup says when it finished; a succeeded one names its archive.
            models.CheckConstraint(
                condition=models.Q(status="running") | models.Q(finished_at__isnull=False),
                name="ops_backup_finished_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="succeeded") | ~models.Q(name=""),
                name="ops_backup_succeeded_has_name",
            ),
            models.UniqueConstraint(fields=["name"], condition=~models.Q(name=""), name="ops_backup_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name or f"backup started {self.started_at:%Y-%m-%d %H:%M}"
