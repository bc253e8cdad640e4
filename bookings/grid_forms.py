"""Forms of the calendar grid: booking a free time for a new client, changing time off."""

from django import forms

from clients.models import TreatmentType
from clients.names import normalise_name
from clients.phone import normalise_phone
from clients.services import ClientDetails

from .forms import local_datetime_field


class NewClientForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail", max_length=254)
    phone = forms.CharField(label="Phone", max_length=32, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    concern = forms.ChoiceField(label="What would they like to discuss?", choices=TreatmentType.choices)

    def clean_full_name(self) -> str:
        return normalise_name(self.cleaned_data["full_name"])

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def client_details(self) -> ClientDetails:
        return ClientDetails(**self.cleaned_data)


class TimeOffChangeForm(forms.Form):
    """Time off changed from the calendar: its artist stays (remove it and add another for someone else)."""

    start = local_datetime_field("From")
    end = local_datetime_field("Until")
    reason = forms.CharField(required=False, max_length=120)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "Time off must end after it starts.")
        return data
