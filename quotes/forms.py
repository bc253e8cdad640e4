from django import forms

from clients.models import ExtentScale, TreatmentType

from . import config
from .models import PriceExtra


class DraftForm(forms.Form):
    treatment_type = forms.ChoiceField(choices=TreatmentType.choices)
    session_count = forms.TypedChoiceField(coerce=int, choices=[(3, "3 sessions"), (4, "4 sessions")], initial=3)
    extent_scale = forms.ChoiceField(choices=[("", "—"), *ExtentScale.choices], required=False, label="Extent scale")
    extent_stage = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, choices=[("", "—")] + [(n, str(n)) for n in range(1, 8)]
    )
    extras = forms.ModelMultipleChoiceField(
        queryset=PriceExtra.objects.filter(is_active=True).exclude(code=PriceExtra.FOURTH_SESSION),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    manual_subtotal = forms.DecimalField(
        required=False, max_digits=9, decimal_places=2, min_value=0, label="Set the price by hand (£)"
    )
    override_reason = forms.CharField(
        required=False,
        label="Reason for the manual price",
        max_length=500,
        help_text="An internal note for the team: never printed on the quote or shown to the client.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if config.vat().registered:  # the band and a manual price are before VAT; without VAT there is none
            self.fields["manual_subtotal"].label = "Set the price by hand (£, before VAT)"

    def clean(self):
        data = super().clean()
        if bool(data.get("extent_scale")) != bool(data.get("extent_stage")):
            self.add_error("extent_stage", "Give both the scale and the stage, or neither.")
        return data


class AcceptForm(forms.Form):
    typed_name = forms.CharField(label="Type your full name to accept", max_length=150)


def draft_initial(client) -> dict:
    """A new quote starts from what the client's record says is treated and how far it has gone."""
    initial = {"treatment_type": client.concern}
    stage = {ExtentScale.NORWOOD: client.norwood_stage, ExtentScale.LUDWIG: client.ludwig_stage}.get(
        client.hair_loss_scale
    )
    if stage:  # the form takes a scale with its stage, or neither
        initial.update(extent_scale=client.hair_loss_scale, extent_stage=stage)
    return initial
