"""What Stripe sent and what each client's attempt to pay became, read-only (written by the webhook)."""

from django.contrib import admin

from clinic.admin import ReadOnlyAdmin

from .models import CheckoutAttempt, StripeEvent


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "type", "id", "processed_at", "outcome")
    list_filter = ("type",)
    search_fields = ("id", "payment_intent", "outcome")
    date_hierarchy = "received_at"


@admin.register(CheckoutAttempt)
class CheckoutAttemptAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "quote", "purpose", "amount", "status", "session_id", "error")
    list_filter = ("status", "purpose")
    search_fields = ("quote__number", "session_id", "payment_intent")
    list_select_related = ("quote",)
    date_hierarchy = "created_at"
