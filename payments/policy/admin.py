from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bookings.models import BookingPolicy

from .models import DepositHold, PaymentPolicy, PolicyDecision


@admin.register(PaymentPolicy)
class PaymentPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "late_cancellation", "no_show", "postponement", "deposit_required_to_confirm")
    readonly_fields = ("change_notice",)
    fieldsets = (
        ("Notice", {"fields": ("change_notice",)}),
        (
            "Late cancellation and no-show (treatment sessions)",
            {
                "fields": ("late_cancellation", "late_cancellation_fee", "no_show", "no_show_fee"),
            },
        ),
        ("Screening postpones treatment", {"fields": ("postponement",)}),
        ("Deposit before session 1", {"fields": ("deposit_required_to_confirm", "unpaid_hold_hours")}),
    )

    @admin.display(description="change notice")
    def change_notice(self, obj) -> str:
        hours = BookingPolicy.load().change_notice_hours
        return f"{hours} hours — set in Bookings › Booking policy (“change notice”), the one rule clients see."

    def has_add_permission(self, request) -> bool:
        return not PaymentPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PolicyDecision)
class PolicyDecisionAdmin(admin.ModelAdmin):
    list_display = ("decided_at", "quote", "reason", "outcome", "amount", "waived_at")
    list_filter = ("reason", "outcome")
    readonly_fields = [f.name for f in PolicyDecision._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DepositHold)
class DepositHoldAdmin(admin.ModelAdmin):
    list_display = ("appointment", "quote", "until", "confirmed_at", "released_at")
    readonly_fields = ("appointment", "quote", "until", "created_at", "confirmed_at", "released_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
