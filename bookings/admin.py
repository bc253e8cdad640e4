from django.contrib import admin

from .models import Appointment, Artist, BookingEmail, BookingPolicy, Service, TimeOff, WorkingHours


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
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
    list_display = ("__str__", "min_notice_minutes", "horizon_days", "slot_step_minutes")

    def has_add_permission(self, request):
        return not BookingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("start", "artist", "client", "service", "status", "source")
    list_filter = ("status", "service", "artist", "source", ("start", admin.DateFieldListFilter))
    date_hierarchy = "start"
    search_fields = ("client__full_name", "client__email", "client__phone")
    list_select_related = ("artist", "client", "service")
    raw_id_fields = ("client",)
    readonly_fields = ("public_id", "blocked_until", "sequence", "created_at", "updated_at", "cancelled_at")


@admin.register(BookingEmail)
class BookingEmailAdmin(admin.ModelAdmin):
    list_display = ("appointment", "kind", "sequence", "sent_at", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("appointment",)
