from django.contrib import admin

from .models import AftercareSchedule, AftercareStep, AftercareTemplate, ScheduleStep


class AftercareStepInline(admin.TabularInline):
    model = AftercareStep
    extra = 1
    fields = ("day", "last_day", "title", "instructions", "send_reminder", "is_check_in")


@admin.register(AftercareTemplate)
class AftercareTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "purpose", "is_default")
    list_filter = ("purpose",)
    inlines = [AftercareStepInline]


class ReadOnly(admin.ModelAdmin):
    """Generated records: readable in the admin, changed only by the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScheduleStepInline(admin.TabularInline):
    model = ScheduleStep
    fields = ("date", "end_date", "title", "send_reminder", "is_check_in")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AftercareSchedule)
class AftercareScheduleAdmin(ReadOnly):
    list_display = ("client", "template_name", "starts_on", "ends_on", "top_up_due_on")
    list_filter = ("purpose",)
    search_fields = ("client__full_name", "client__email")
    raw_id_fields = ("client", "plan", "session")
    inlines = [ScheduleStepInline]
