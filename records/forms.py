"""Filters of the audit trail and the erasure confirmation."""

from django import forms

from clinic.widgets import DateInput


class AuditFilterForm(forms.Form):
    """The clinic-wide audit trail's filters; an invalid one is reported and the rest still apply."""

    kind = forms.ChoiceField(label="Record", required=False)
    user = forms.ModelChoiceField(label="Changed by", required=False, queryset=None)
    since = forms.DateField(label="From", required=False, widget=DateInput())
    until = forms.DateField(label="To", required=False, widget=DateInput())

    def __init__(self, *args, kinds, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All records"), *kinds]
        self.fields["user"].queryset = users
        self.fields["user"].empty_label = "Anyone"

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date must not be before the start date.")
        return data

    def filters(self) -> dict:
        """The valid filters only (an invalid date is dropped, with its error shown)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "user_id": data["user"].pk if data.get("user") else None,
            "since": data.get("since"),
            "until": data.get("until") if "until" not in self.errors else None,
        }


class ErasureForm(forms.Form):
    confirmation = forms.CharField(max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. the erasure request's date and reference. No names or health details: this is kept.",
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The exact text in the label too, so a screen reader hears it with the field.
        self.fields["confirmation"].label = f"Type {expected} to confirm"
        self.fields["confirmation"].help_text = "Capitals, one space, then the client number."
