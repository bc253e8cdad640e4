from django import forms

from clients.models import Client
from clients.phone import normalise_phone


class ContactForm(forms.ModelForm):
    """What a client may change themselves: how to reach them and what they hear from us."""

    class Meta:
        model = Client
        fields = ["email", "phone", "address", "contact_consent", "marketing_consent"]
        labels = {
            "phone": "Mobile or phone",
            "contact_consent": "Reminders and follow-ups beyond my bookings",
            "marketing_consent": "Offers and news",
        }
        help_texts = {
            "email": "Used for logging in once you confirm it from that address.",
            "phone": "A UK mobile gets text reminders.",
            "contact_consent": "",
            "marketing_consent": "",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if Client.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This address can't be used. Please choose another or call us.")
        return email
