"""Admin pieces every app uses: records the services write are shown, never edited, in the admin."""

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


class EveryConstraintForm(forms.ModelForm):
    """Also checks the constraints on fields the admin shows read-only or not at all.

    Django checks only the constraints on the form's own fields; one that involves a read-only field (a plan's
    status) would be left to the database, and its IntegrityError would be a server error instead of the rule.
    """

    def _post_clean(self):
        super()._post_clean()
        failed = set(self.errors) - {NON_FIELD_ERRORS}
        try:
            self.instance.validate_constraints(exclude=failed)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                field = name if name in self.fields else None
                known = self.errors.get(field or NON_FIELD_ERRORS, [])
                for message in {m for e in errors for m in e.messages} - set(known):
                    self.add_error(field, message)
