"""The ledger and its receipts, read-only: money is recorded through the desk pages and the provider's webhook."""

from django.contrib import admin

from clinic.admin import ReadOnlyAdmin

from .models import LedgerEntry, Receipt


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "quote", "kind", "amount", "method", "reference", "recorded_by")
    list_filter = ("kind", "method")
    search_fields = ("quote__number", "reference")
    list_select_related = ("quote", "recorded_by")
    date_hierarchy = "recorded_at"


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ("number", "entry", "created_at", "emailed_at")
    search_fields = ("number", "entry__quote__number")
    list_select_related = ("entry", "entry__quote")
