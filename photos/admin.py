from django.contrib import admin

from .models import Photo, PhotoView


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    """Read-only: photos come in through add_photo (checked and cleaned); files are served by photos:file."""

    list_display = ("pk", "client", "purpose", "angle", "status", "uploaded_at", "gallery_consent")
    list_filter = ("purpose", "angle", "status")
    raw_id_fields = ("client", "appointment")
    exclude = ("original", "display", "thumb")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PhotoView)
class PhotoViewAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "photo", "size")
    raw_id_fields = ("photo", "client")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
