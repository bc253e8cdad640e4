from django import forms
from django.contrib import admin
from django.db import models

from clinic.admin import LabelledTabularInline, ReadOnlyAdmin, ReadOnlyInline

from .models import AftercareSchedule, AftercareStep, AftercareTemplate, ScheduleStep


class AftercareStepInline(LabelledTabularInline):
    model = AftercareStep
    extra = 1
    fields = ("day", "last_day", "title", "instructions", "send_reminder", "is_check_in")
    # Seven columns on a 1280 px screen beside the admin's menu: a narrower text box, taller instead (admin.css).
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 5, "cols": 30, "class": "step-instructions"})},
        models.CharField: {"widget": forms.TextInput(attrs={"class": "step-title"})},
    }


@admin.register(AftercareTemplate)
class AftercareTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "purpose", "is_default")
    list_filter = ("purpose",)
    inlines = [AftercareStepInline]


class ScheduleStepInline(ReadOnlyInline):
    model = ScheduleStep
    fields = ("date", "end_date", "title", "send_reminder", "is_check_in")
    readonly_fields = fields


@admin.register(AftercareSchedule)
class AftercareScheduleAdmin(ReadOnlyAdmin):
    list_display = ("client", "template_name", "starts_on", "ends_on", "top_up_due_on")
    list_filter = ("purpose",)
    search_fields = ("client__full_name", "client__email")
    raw_id_fields = ("client", "plan", "session")
    inlines = [ScheduleStepInline]
