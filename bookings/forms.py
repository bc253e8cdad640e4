from datetime import datetime

from crispy_forms.helper import FormHelper
from django import forms

from clients.models import TreatmentType
from clients.names import normalise_name
from clients.phone import normalise_phone
from clients.services import ClientDetails
from clinic.widgets import DateInput, DateTimeLocalInput


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
    # Each message says what to do, in words a visitor uses (no "This field is required.").
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Please enter your full name.",
            "max_length": "Please shorten your name to at most %(limit_value)d characters.",
        },
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your e-mail address: we send the confirmation there.",
            "invalid": "Please enter a valid e-mail address, like name@example.com.",
            "max_length": "Please enter an e-mail address of at most %(limit_value)d characters.",
        },
    )
    phone = forms.CharField(
        label="Mobile or phone",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "required": "Please enter a phone number, in case we need to reach you about the appointment.",
            "max_length": "Please enter a phone number of at most %(limit_value)d characters.",
        },
    )
    concern = forms.ChoiceField(
        label="What would you like to discuss?",
        choices=[("", "Choose one…"), *TreatmentType.choices],
        error_messages={"required": "Please choose what you'd like to discuss."},
    )
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
        return normalise_name(self.cleaned_data["full_name"])

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


def _sane_year(day):
    if day and not 2000 <= day.year <= 2100:
        raise forms.ValidationError("Choose a date between 2000 and 2100.")
    return day


class StaffFilterForm(forms.Form):
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())

    def clean_date_from(self):
        return _sane_year(self.cleaned_data["date_from"])

    def clean_date_to(self):
        return _sane_year(self.cleaned_data["date_to"])

    artist = forms.ModelChoiceField(queryset=None, required=False, empty_label="All artists")
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Booked"),
            ("all", "All statuses"),
            ("attended", "Attended"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
        ],
    )

    def __init__(self, *args, artists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["artist"].queryset = artists

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("'From' must be on or before 'To'.")
        return data


class LocalDateTimeField(forms.DateTimeField):
    """Clinic-local wall-clock time made aware by Django, which refuses a time the clocks skip or repeat."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "ambiguous_timezone":
                raise forms.ValidationError(
                    "That time doesn't exist or happens twice because the clocks change that night. "
                    "Please choose a time outside 01:00–02:00.",
                    code="clock_change",
                ) from error
            raise


def local_datetime_field(label: str, **kwargs) -> forms.DateTimeField:
    return LocalDateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
        **kwargs,
    )


class PlanForm(forms.Form):
    artist = forms.ModelChoiceField(queryset=None)
    treatment_type = forms.ChoiceField(choices=TreatmentType.choices)
    session_count = forms.TypedChoiceField(coerce=int, choices=[(3, "3 sessions"), (4, "4 sessions")], initial=3)
    fourth_session_reason = forms.CharField(
        required=False, max_length=200, help_text="Needed for a 4th session (e.g. alopecia, scarring, very light skin)."
    )

    def __init__(self, *args, artists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["artist"].queryset = artists

    def clean(self):
        data = super().clean()
        if data.get("session_count") == 4 and not (data.get("fourth_session_reason") or "").strip():
            self.add_error("fourth_session_reason", "Say why this client needs a 4th session.")
        return data


class ProposalsForm(forms.Form):
    """One editable start per remaining session, pre-filled with the proposal."""

    override_reason = forms.CharField(
        required=False,
        label="Reason, if any date is outside the spacing or patch-test rules",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for n in numbers:
            self.fields[f"session_{n}"] = local_datetime_field(f"Session {n}")
        self.numbers = numbers


class MoveForm(forms.Form):
    start = local_datetime_field("New start")
    override_reason = forms.CharField(
        required=False, label="Reason to override the spacing or patch-test rule", max_length=500
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("", "Choose…"),
            ("attended", "Attended / completed"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
        ]
    )


class SessionNoteForm(forms.Form):
    pigment_shade = forms.CharField(required=False, max_length=80)
    needle = forms.CharField(required=False, max_length=80)
    density_layer = forms.CharField(required=False, max_length=80)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("pigment_shade", "needle", "density_layer", "notes")):
            raise forms.ValidationError("Write at least one thing about the session.")
        return data


class TimeOffForm(forms.Form):
    artist = forms.ModelChoiceField(queryset=None)
    start = local_datetime_field("From")
    end = local_datetime_field("Until")
    reason = forms.CharField(required=False, max_length=120)

    def __init__(self, *args, artists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["artist"].queryset = artists
        if artists.count() == 1:
            self.fields["artist"].initial = artists.first()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "Time off must end after it starts.")
        return data
