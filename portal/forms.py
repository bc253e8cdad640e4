from django import forms

from clients.forms import PhoneField, TextBlockField
from clients.models import Client


class ContactForm(forms.ModelForm):
    """What a client may change themselves: how to reach them and what they hear from us."""

    # Shown as they would dial it (07911 123456), stored as E.164, as on the staff forms.
    phone = PhoneField(label="Mobile or phone", help_text="A UK mobile gets text reminders.")
    address = TextBlockField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The record may be without one (booked by phone); a client with a login always has one.
        self.fields["email"].required = True
        self.fields["email"].error_messages["required"] = "Please enter your e-mail address: you log in with it."

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if Client.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This address can't be used. Please choose another or call us.")
        return email
