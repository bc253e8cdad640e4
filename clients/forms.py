from datetime import date

from django import forms

from clinic.clock import local_today
from clinic.widgets import DateInput

from .models import Client, ExtentScale
from .names import normalise_name
from .phone import display_phone, normalise_phone
from .screening_rules import CONSEQUENCE_LABELS, OUTCOME_LABELS, QUESTIONS, Outcome


class PhoneField(forms.CharField):
    """Shown as dialled (07911 123456 in the UK, +33 6 12 34 56 78 abroad), stored as E.164 (+447911123456)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", "A UK number as you would dial it; any other with its country code (+33…).")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # Only a stored number is reformatted; what someone typed is shown back as typed.
        return display_phone(value) if isinstance(value, str) and value.startswith("+") else value

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else value


class TextBlockField(forms.CharField):
    """A textarea's text with \n line breaks: browsers post them as \r\n, so an unchanged save would rewrite it."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, e-mail or phone",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search with at most 100 characters (this has %(show_value)d)."},
    )


# Who the client is and how to reach them: reception (staff) edit these, an artist only sees them.
CONTACT_FIELDS = ("full_name", "email", "phone", "date_of_birth", "address", "contact_consent", "marketing_consent")


class ClientRecordForm(forms.ModelForm):
    phone = PhoneField(
        label="Phone",
        error_messages={"required": "Enter a phone number: a client without an e-mail address is reached by phone."},
    )
    address = TextBlockField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    area_notes = TextBlockField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Client._meta.get_field("area_notes").help_text,
    )

    def __init__(self, *args, contact_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not contact_editable:
            for name in CONTACT_FIELDS:
                self.fields[name].disabled = True  # a posted value is ignored, the record's kept

    class Meta:
        model = Client
        fields = [
            "full_name",
            "email",
            "phone",
            "date_of_birth",
            "address",
            "concern",
            "hair_loss_scale",
            "norwood_stage",
            "ludwig_stage",
            "area_notes",
            "preferred_artist",
            "contact_consent",
            "marketing_consent",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "area_notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "email": "Leave empty if they have none: they are contacted by phone, e-mails wait until one is added.",
        }

    norwood_stage = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "—")] + [(n, f"Norwood {n}") for n in range(1, 8)]
    )
    ludwig_stage = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "Ludwig I"), (2, "Ludwig II"), (3, "Ludwig III")],
    )

    def clean_full_name(self) -> str:
        return normalise_name(self.cleaned_data["full_name"])

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and not date(1900, 1, 1) <= born <= local_today():
            raise forms.ValidationError("Enter a real date of birth (in the past, after 1900).")
        return born

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if not email:
            if self.instance.user_id:
                # Their login is by this address; the portal keeps it until a new one is confirmed.
                raise forms.ValidationError(
                    "This client logs in to their account with an e-mail address: change it, don't remove it."
                )
            return email  # booked by phone: contacted by phone until an address is added
        clash = Client.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Another client already has this e-mail address.")
        return email

    def clean(self):
        data = super().clean()
        scale = data.get("hair_loss_scale")
        if scale == ExtentScale.NORWOOD and not data.get("norwood_stage"):
            self.add_error("norwood_stage", "Choose the Norwood stage (1–7).")
        if scale == ExtentScale.LUDWIG and not data.get("ludwig_stage"):
            self.add_error("ludwig_stage", "Choose the Ludwig stage (I–III).")
        return data


class NoteForm(forms.Form):
    body = forms.CharField(label="Add a note", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, strip=True)


class ScreeningForm(forms.Form):
    """One yes/no per question, then the dates and an optional override with its reason."""

    consultation = forms.ModelChoiceField(queryset=None, required=False, empty_label="(not linked)")
    postpone_until = forms.DateField(required=False, widget=DateInput(), help_text="Needed if treatment is postponed.")
    gp_letter_received_on = forms.DateField(label="GP letter received on", required=False, widget=DateInput())
    override_outcome = forms.ChoiceField(
        label="Override the outcome",
        required=False,
        choices=[("", "No: use the outcome the answers give")] + [(o.value, OUTCOME_LABELS[o]) for o in Outcome],
    )
    override_reason = forms.CharField(
        label="Reason for overriding", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations
        for q in QUESTIONS:
            leads_to = CONSEQUENCE_LABELS.get(q.consequence)
            self.fields[f"q_{q.key}"] = forms.BooleanField(
                label=q.text, required=False, help_text=leads_to and f"Yes: {leads_to}."
            )

    def answers(self) -> dict[str, bool]:
        return {q.key: self.cleaned_data[f"q_{q.key}"] for q in QUESTIONS}


def screening_initial(*, client, consultation=None) -> dict:
    """A new screening starts from the client's last answers (and its GP letter date), linked to `consultation`."""
    initial = {"consultation": consultation}
    if last := client.screenings.first():
        initial |= {f"q_{key}": yes for key, yes in last.answers.items()}
        initial["gp_letter_received_on"] = last.gp_letter_received_on
    return initial


class GpLetterForm(forms.Form):
    received_on = forms.DateField(label="GP letter received on", widget=DateInput())


class ConsentForm(forms.Form):
    typed_name = forms.CharField(label="Client types their full name to confirm", max_length=150)
