"""The client's intake steps (phone-first: one question per line, big radio buttons) and the artist's confirmation."""

from django import forms

from bookings.models import Appointment
from clients.forms import ScreeningForm
from clients.models import TreatmentType
from clients.screening_rules import QUESTIONS

from .models import ConcernSince

YES_NO = [("yes", "Yes"), ("no", "No")]
CONCERN_CHOICES = [
    (TreatmentType.HAIRLINE, "A receding hairline"),
    (TreatmentType.CROWN, "A thinning or bald crown"),
    (TreatmentType.FULL_HEAD, "A fully bald or shaved head"),
    (TreatmentType.DENSITY, "Thinning hair (more density)"),
    (TreatmentType.FEMALE_DENSITY, "Thinning hair (female pattern)"),
    (TreatmentType.SCAR, "Scars (e.g. from a hair transplant)"),
    (TreatmentType.ALOPECIA, "Alopecia"),
    (TreatmentType.OTHER, "Something else"),
]


class IntakeScreeningForm(forms.Form):
    """Every screening question (clients.screening_rules.QUESTIONS, the same keys) as a required yes/no."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            self.fields[q.key] = forms.ChoiceField(
                label=q.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer yes or no."},
            )

    def answers(self) -> dict[str, bool]:
        return {q.key: self.cleaned_data[q.key] == "yes" for q in QUESTIONS}


def screening_initial(answers: dict) -> dict:
    return {key: ("yes" if yes else "no") for key, yes in answers.items()}


class ConcernForm(forms.Form):
    concern = forms.ChoiceField(
        label="What would you like help with?",
        choices=CONCERN_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like help with."},
    )
    since = forms.ChoiceField(
        label="How long have you had it?",
        choices=ConcernSince.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long you have had it."},
    )
    notes = forms.CharField(
        label="Anything else you'd like us to know? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhotoConsentForm(forms.Form):
    photo_consent = forms.BooleanField(
        label="I agree that the clinic keeps my scalp photos in my clinical record, to plan and follow my treatment.",
        error_messages={"required": "Tick the box to agree, or skip the photos: we can't store them otherwise."},
    )


class ConfirmScreeningForm(ScreeningForm):
    """Staff screening's own form (same questions, dates, override), started from the client's answers."""

    def __init__(self, *args, intake, **kwargs):
        super().__init__(*args, consultations=Appointment.objects.filter(pk=intake.appointment_id), **kwargs)
        del self.fields["consultation"]  # it is this intake's consultation


def confirm_initial(intake) -> dict:
    return {f"q_{key}": yes for key, yes in intake.answers.items()}
