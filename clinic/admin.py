"""Admin pieces every app uses: records the services write are shown, never edited, in the admin."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet, BaseModelFormSet


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


class LabelledRows:
    """A formset mixin: each input of a table row (a tabular inline, a list_editable change list) is named by its
    column, and by its row where the row is a saved record; Django heads the columns but labels no input."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f", {form.instance}" if form.instance.pk else ""
        for field in form.fields.values():
            widget = field.widget
            if widget.is_hidden:
                continue
            parts = getattr(widget, "widgets", None)
            if parts:  # a split date and time: each part named
                for part, kind in zip(parts, ("date", "time"), strict=False):
                    part.attrs.setdefault("aria-label", f"{field.label}{row}, {kind}")
            else:
                widget.attrs.setdefault("aria-label", f"{field.label}{row}")


class LabelledInlineFormSet(LabelledRows, BaseInlineFormSet):
    pass


class LabelledModelFormSet(LabelledRows, BaseModelFormSet):
    pass


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet


class LabelledListEditable(admin.ModelAdmin):
    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=LabelledModelFormSet, **kwargs)
