from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Intake


@admin.register(Intake)
class IntakeAdmin(SimpleHistoryAdmin):
    list_display = ("client", "appointment", "status", "completed_at", "confirmed_at")
    list_filter = ("status",)
    search_fields = ("client__full_name", "client__email")
    raw_id_fields = ("appointment", "client", "screening", "confirmed_by")
    readonly_fields = ("answers", "changes", "started_at", "updated_at", "completed_at", "confirmed_by", "confirmed_at")
