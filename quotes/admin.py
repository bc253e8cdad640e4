"""The price list, edited here by staff; quotes shown read-only (their numbers, totals and PDFs are records)."""

from django.contrib import admin

from clinic.admin import LabelledListEditable, ReadOnlyAdmin, ReadOnlyInline

from .models import ExtentPrice, PriceExtra, Quote, QuoteLine, TreatmentPrice


@admin.register(TreatmentPrice)
class TreatmentPriceAdmin(LabelledListEditable):
    list_display = ("treatment_type", "base_price", "includes")
    list_editable = ("base_price", "includes")


@admin.register(ExtentPrice)
class ExtentPriceAdmin(LabelledListEditable):
    list_display = ("scale", "stage", "amount")
    list_editable = ("amount",)
    list_filter = ("scale",)


@admin.register(PriceExtra)
class PriceExtraAdmin(LabelledListEditable):
    list_display = ("name", "code", "price", "is_active")
    list_editable = ("price", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # The pricing code finds some extras by code (PriceExtra.FOURTH_SESSION); a renamed one would vanish.
        return ("code",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        # Quotes link the extras they include, and a delete would silently unlink them: untick "is active".
        return False


class QuoteLineInline(ReadOnlyInline):
    model = QuoteLine
    fields = ("position", "description", "amount")
    readonly_fields = fields


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    """Read-only, for superusers too: quotes are drafted, issued and revised on the client page, which
    numbers them without gaps and keeps the PDF matching the figures."""

    list_display = ("__str__", "client", "treatment_type", "status", "total", "issued_at", "valid_until")
    list_filter = ("status", "treatment_type")
    search_fields = ("number", "client__full_name", "client__email")
    list_select_related = ("client",)
    date_hierarchy = "created_at"
    inlines = [QuoteLineInline]
