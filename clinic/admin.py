"""Admin pieces every app uses: records the services write are shown, never edited, in the admin."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readable in the admin; added, changed and deleted only through the pages and services that check them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Inline rows shown with their parent, never added or changed there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
