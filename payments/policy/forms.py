from django import forms


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label="Why is it waived?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the ledger and the audit trail, e.g. “the artist was ill”, “a family emergency”.",
    )
