from django.contrib import admin

from .models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "phone", "concern", "contact_consent", "created_at")
    list_filter = ("concern", "contact_consent")
    search_fields = ("full_name", "email", "phone")
    raw_id_fields = ("user",)
