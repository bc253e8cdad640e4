"""The signing form: the same fields on the clinic's tablet and at home (the intake); see __init__."""

from django import forms
from django.conf import settings

from ..models import ClientConsent
from .signature import SignatureError, clean_signature_png, decode_data_url

METHOD_CHOICES = [
    (ClientConsent.Method.DRAWN, "Draw my signature"),
    (ClientConsent.Method.TYPED, "Type my name instead"),
]


class ConsentSignForm(forms.Form):
    """`in_clinic=True` adds what the artist records with the client (agreed area, hairline, the ID seen)."""

    # The version shown (a view compares it with the current one: None or another means the wording changed).
    consent_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label="How would you like to sign?",
        choices=METHOD_CHOICES,
        initial=ClientConsent.Method.DRAWN,
        widget=forms.RadioSelect,
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2_000_000)
    typed_name = forms.CharField(
        label="Your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Type your full name: it goes on the signed consent."},
    )
    area_notes = forms.CharField(
        label="Agreed treatment area",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. crown and mid-scalp; scar behind the left ear",
    )
    hairline_notes = forms.CharField(
        label="Hairline notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. soft, slightly receded at the temples, 7 cm above the brow",
    )
    id_seen = forms.ChoiceField(
        label="ID seen", required=False, choices=[("", "No ID checked"), *ClientConsent.IdType.choices]
    )
    id_last4 = forms.CharField(
        label="Last 4 characters of the ID number", required=False, max_length=4, widget=forms.TextInput()
    )

    def __init__(self, *args, consent_text=None, in_clinic: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if consent_text is not None:
            self.fields["consent_version"].initial = consent_text.version
        if not in_clinic:
            for name in ("area_notes", "hairline_notes"):
                del self.fields[name]
        if not (in_clinic and settings.CONSENT_RECORD_ID_SEEN):
            for name in ("id_seen", "id_last4"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        data["signature_png"] = None
        if data.get("method") == ClientConsent.Method.DRAWN:
            try:
                data["signature_png"] = clean_signature_png(decode_data_url(data.get("signature", "")))
            except SignatureError as error:
                self.add_error("signature", error.message)
        return data

    def service_kwargs(self) -> dict:
        """The keyword arguments of `sign_consent` this form collected."""
        data = self.cleaned_data
        return {
            "method": data["method"],
            "typed_name": data["typed_name"],
            "signature_png": data["signature_png"],
            "area_notes": data.get("area_notes", ""),
            "hairline_notes": data.get("hairline_notes", ""),
            "id_seen": data.get("id_seen", ""),
            "id_last4": data.get("id_last4", ""),
        }
