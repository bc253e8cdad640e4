from datetime import datetime

from crispy_forms.helper import FormHelper
from django import forms

from clients.models import Concern
from clients.phone import normalise_phone
from clients.services import ClientDetails


class SlotField(forms.CharField):
    """An ISO-8601 start with offset, as the slot radios post it."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as error:
            raise forms.ValidationError("Please choose one of the listed times.", code="invalid_slot") from error
        if parsed.tzinfo is None:
            raise forms.ValidationError("Please choose one of the listed times.", code="invalid_slot")
        return parsed


class SlotChoiceForm(forms.Form):
    slot = SlotField(error_messages={"required": "Please choose a time."})
    artist = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class BookingForm(SlotChoiceForm):
    full_name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label="Mobile or phone",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    concern = forms.ChoiceField(label="What would you like to discuss?", choices=Concern.choices)
    contact_consent = forms.BooleanField(
        label="You may contact me about my consultation and treatment (reminders, follow-ups).", required=False
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def client_details(self) -> ClientDetails:
        data = self.cleaned_data
        return ClientDetails(
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            concern=data["concern"],
            contact_consent=data["contact_consent"],
        )


class StaffFilterForm(forms.Form):
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    artist = forms.ModelChoiceField(queryset=None, required=False, empty_label="All artists")

    def __init__(self, *args, artists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["artist"].queryset = artists

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("'From' must be on or before 'To'.")
        return data
