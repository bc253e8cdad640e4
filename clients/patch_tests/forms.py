"""The team's patch-test forms: record one, and review it."""

from django import forms

from clinic.clock import local_today
from clinic.widgets import DateInput

from ..models import PatchTest


class PatchTestForm(forms.Form):
    done_on = forms.DateField(label="Done on", widget=DateInput())
    site = forms.CharField(label="Site on the scalp", max_length=120, help_text="e.g. behind the left ear")
    pigment = forms.CharField(label="Pigment / formula", max_length=160, help_text="e.g. Shade 3, diluted 1:1")
    artist_name = forms.CharField(label="Artist", max_length=150, required=False)
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(
        label="Photo of the spot (optional)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
        help_text="JPEG, PNG or WebP; kept private in the client's record.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = local_today()


class PatchTestReviewForm(forms.Form):
    result = forms.ChoiceField(
        label="Result",
        choices=[(PatchTest.Result.NO_REACTION, "No reaction"), (PatchTest.Result.REACTION, "Reaction")],
        widget=forms.RadioSelect,
    )
    reviewed_on = forms.DateField(label="Reviewed on", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = local_today()
