from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from clinic.admin import EveryConstraintForm, LabelledTabularInline, ReadOnlyAdmin
from clinic.clock import to_clinic_time

from .models import (
    Appointment,
    Artist,
    BookingPolicy,
    ClinicClosure,
    Service,
    SessionNote,
    SpacingRules,
    TimeOff,
    TreatmentPlan,
    WorkingHours,
)


class WorkingHoursInline(LabelledTabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(LabelledTabularInline):
    model = TimeOff
    extra = 0


@admin.register(Artist)
class ArtistAdmin(admin.ModelAdmin):
    list_display = ("display_name", "calendar_colour", "buffer_minutes", "is_active")
    list_filter = ("is_active",)
    inlines = [WorkingHoursInline, TimeOffInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "duration_minutes", "buffer_minutes", "bookable_online")


@admin.register(BookingPolicy)
class BookingPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "min_notice_minutes", "change_notice_hours", "horizon_days", "slot_step_minutes")

    def has_add_permission(self, request):
        return not BookingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("today", "Today"), ("next7", "Next 7 days"), ("past", "Past")]

    def queryset(self, request, queryset):
        now = timezone.now()
        today = to_clinic_time(now).replace(hour=0, minute=0, second=0, microsecond=0)
        ranges = {
            "upcoming": {"start__gte": now},
            "today": {"start__gte": today, "start__lt": today + timedelta(days=1)},
            "next7": {"start__gte": now, "start__lt": now + timedelta(days=7)},
            "past": {"start__lt": now},
        }
        return queryset.filter(**ranges[self.value()]) if self.value() in ranges else queryset


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    """Read-only here: booking, moving and cancelling go through the staff pages, which check
    availability, spacing and send the e-mails."""

    list_display = ("start", "artist", "client", "service", "status", "source")
    list_filter = (WhenFilter, "status", "service", "artist", "source", ("start", admin.DateFieldListFilter))
    date_hierarchy = "start"
    search_fields = ("client__full_name", "client__email", "client__phone")
    list_select_related = ("artist", "client", "service")


@admin.register(SpacingRules)
class SpacingRulesAdmin(admin.ModelAdmin):
    list_display = ("__str__", "min_days_1_2", "min_days_2_3", "min_days_3_4", "max_gap_days")

    def has_add_permission(self, request):
        return not SpacingRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class SessionInline(admin.TabularInline):
    model = Appointment
    fields = ("session_number", "start", "status", "spacing_override_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(admin.ModelAdmin):
    form = EveryConstraintForm  # "one plan in progress per client" involves the read-only status
    list_display = ("client", "artist", "treatment_type", "session_count", "status", "created_at")
    list_filter = ("status", "treatment_type", "artist")
    search_fields = ("client__full_name", "client__email")
    list_select_related = ("client", "artist")
    raw_id_fields = ("client",)
    readonly_fields = ("status", "completed_at", "created_by", "created_at")
    inlines = [SessionInline]


@admin.register(SessionNote)
class SessionNoteAdmin(admin.ModelAdmin):
    list_display = ("appointment", "pigment_shade", "needle", "density_layer", "author", "created_at")
    raw_id_fields = ("appointment",)
    readonly_fields = ("author", "created_at")


@admin.register(ClinicClosure)
class ClinicClosureAdmin(admin.ModelAdmin):
    list_display = ("__str__", "first_day", "last_day", "every_year")
