from django.contrib import admin

from .models import Backup


@admin.register(Backup)
class BackupAdmin(admin.ModelAdmin):
    """Read-only: a backup is a record of what was written, made by `make backup` or Celery beat."""

    list_display = ["started_at", "trigger", "status", "name", "size_bytes", "row_count", "file_count"]
    list_filter = ["status", "trigger"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
