from django.contrib import admin
from django.db import models

from clinic.admin import LabelledTabularInline

from .forms import PhoneField, TextBlockField
from .models import Client, ClientConsent, ClientNote, ConsentText, PatchTest, Screening


class NoteInline(LabelledTabularInline):
    model = ClientNote
    fields = ("body", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "phone", "concern", "contact_consent", "created_at")
    list_filter = ("concern", "contact_consent", "marketing_consent", "hair_loss_scale")
    search_fields = ("full_name", "email", "phone")
    raw_id_fields = ("user",)
    inlines = [NoteInline]
    formfield_overrides = {models.TextField: {"form_class": TextBlockField}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "phone":  # shown as dialled, stored as E.164, like the team's client form
            return PhoneField(label="Phone")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Read-only: screenings are recorded on the client page, where the outcome is derived."""

    list_display = ("client", "derived_outcome", "override_outcome", "recorded_by", "recorded_at")
    list_filter = ("derived_outcome", "override_outcome")
    search_fields = ("client__full_name", "client__email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ("version", "is_current", "published_at")

    def get_readonly_fields(self, request, obj=None):
        # Wording clients have signed is evidence: publish a new version instead of editing it.
        return ("version", "body") if obj is not None and obj.signatures.exists() else ()


@admin.register(ClientConsent)
class ClientConsentAdmin(admin.ModelAdmin):
    """Read-only; the signed PDF and the signature are downloaded from the client page (never a media URL)."""

    list_display = ("client", "consent_text", "typed_name", "method", "signed_at")
    list_filter = ("method",)
    search_fields = ("client__full_name", "client__email")
    exclude = ("signature", "pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PatchTest)
class PatchTestAdmin(admin.ModelAdmin):
    """Read-only: patch tests are recorded and reviewed on the client page (the photo is served there)."""

    list_display = ("client", "done_on", "site", "result", "reviewed_on")
    list_filter = ("result",)
    search_fields = ("client__full_name", "client__email")
    exclude = ("photo",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
