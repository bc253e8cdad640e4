from django.contrib import admin

from clinic.admin import ReadOnlyAdmin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """Read-only: rows are written by the services that cause them and marked by delivery."""

    list_display = ("due_at", "kind", "channel", "client", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "channel")
    search_fields = ("key", "client__email")
    raw_id_fields = ("client",)
    date_hierarchy = "due_at"
