"""Posting an admin change form as the browser would: every field as shown, some changed."""

from django import forms
from django.forms import BaseFormSet


def _form_values(form) -> dict:
    data = {}
    for name, bound in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        widget = form.fields[name].widget
        if isinstance(bound, forms.FileField):
            continue  # nothing uploaded: the stored file stays
        if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # a split date and time
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{key}_{i}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = "" if value is None else value
    return data


def change_form_data(response, **changes) -> dict:
    """The data of the admin form in `response` (and its inlines), with `changes` (prefixed names) applied."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset: BaseFormSet = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(n): management[n].value() for n in management.fields}
        for form in formset.initial_forms:
            data |= _form_values(form)
    data |= changes
    return data
