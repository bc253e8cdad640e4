from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator

from clients.models import Client
from clinic.widgets import DateInput

from . import kinds
from .models import Reminder
from .selectors import STATUS_GROUPS


class ReminderFilterForm(forms.Form):
    group = forms.ChoiceField(choices=[(g, g.title()) for g in STATUS_GROUPS], required=False, initial="upcoming")
    kind = forms.ChoiceField(choices=lambda: [("", "All kinds"), *kinds.choices()], required=False)
    channel = forms.ChoiceField(choices=[("", "All channels"), *Reminder.Channel.choices], required=False)
    day = forms.DateField(
        required=False,
        label="Due on",
        widget=DateInput(),
        # The filter runs up to the next midnight, which must exist (9999-12-31 + 1 day overflows).
        validators=[MaxValueValidator(date.max - timedelta(days=1))],
    )
    client = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def in_force(self) -> list[str]:
        """The valid filters, in words, for the line that says what the list and its counts show."""
        data = getattr(self, "cleaned_data", {})
        shown = []
        if data.get("kind"):
            shown.append(dict(self.fields["kind"].choices).get(data["kind"], data["kind"]))
        if data.get("channel"):
            shown.append(f"by {Reminder.Channel(data['channel']).label}")
        if data.get("day"):
            shown.append(f"due on {data['day']:%a %-d %b %Y}")
        if data.get("client"):
            client = Client.objects.filter(pk=data["client"]).only("full_name").first()
            shown.append(f"for {client.full_name if client else 'a client no longer on file'}")
        return shown
