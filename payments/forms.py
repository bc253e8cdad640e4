"""The desk's forms: a payment, a refund, a write-off. Each carries a one-time key, so a second submission
(a double click, the browser's "resend") finds the entry the first one recorded instead of adding another."""

import uuid
from decimal import Decimal

from django import forms

from .models import Method

DESK_METHODS = [(m.value, m.label) for m in (Method.CARD_DESK, Method.CASH, Method.BANK_TRANSFER)]
AMOUNT_ERRORS = {
    "invalid": "Enter the amount in pounds and pence, e.g. 250 or 250.00.",
    "min_value": "The amount must be more than £0.00.",
    "max_decimal_places": "Pounds and pence only: at most two decimal places (e.g. 99.95).",
    "max_digits": "That amount is too large.",
    "max_whole_digits": "That amount is too large.",
}


def amount_field(label: str = "Amount (£)") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class OnceForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, error_messages={"invalid": "Reload the page."})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    @property
    def key(self) -> str:
        return str(self.cleaned_data["idempotency_key"])


class PaymentForm(OnceForm):
    kind = forms.ChoiceField(
        label="What it is", choices=[("deposit", "Deposit"), ("payment", "Payment")], widget=forms.RadioSelect
    )
    amount = amount_field()
    method = forms.ChoiceField(label="Method", choices=DESK_METHODS)
    reference = forms.CharField(
        label="Reference", max_length=120, required=False, help_text="The terminal's or the bank's reference, if any."
    )
    note = forms.CharField(label="Note (staff only)", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefundForm(OnceForm):
    amount = amount_field("Amount to refund (£)")
    reference = forms.CharField(label="Reference", max_length=120, required=False)
    note = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WriteOffForm(OnceForm):
    amount = amount_field("Amount to write off (£)")
    reason = forms.CharField(label="Reason", min_length=5, widget=forms.Textarea(attrs={"rows": 2}))
