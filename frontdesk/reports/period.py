"""The report's period (a preset or two dates, clinic calendar days) and its artist filter."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django import forms

from bookings.models import Artist
from clinic.clock import clinic_tz, local_instant, local_today
from clinic.widgets import DateInput

LONGEST = timedelta(days=3 * 366)  # the utilisation walks the period's days: keep it bounded

PRESETS = [
    ("this_month", "This month"),
    ("last_month", "Last month"),
    ("last_3_months", "Last 3 months"),
    ("last_12_months", "Last 12 months"),
    ("custom", "These dates"),
]


@dataclass(frozen=True)
class Period:
    """Clinic days `first`..`last` inclusive, with the artist filter (None: everyone)."""

    first: date
    last: date
    artist: Artist | None = None

    @property
    def start(self) -> datetime:
        return local_instant(self.first, datetime.min.time(), clinic_tz())

    @property
    def end(self) -> datetime:
        """The instant the period ends (exclusive): midnight after its last day."""
        return local_instant(self.last + timedelta(days=1), datetime.min.time(), clinic_tz())

    @property
    def artist_id(self) -> int | None:
        return self.artist.pk if self.artist else None

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        month, months = self.first.replace(day=1), []
        while month <= self.last:
            months.append(month)
            month += relativedelta(months=1)
        return months


def preset_period(preset: str, *, today: date) -> tuple[date, date]:
    month = today.replace(day=1)
    if preset == "last_month":
        return month - relativedelta(months=1), month - timedelta(days=1)
    if preset == "last_3_months":
        return month - relativedelta(months=2), today
    if preset == "last_12_months":
        return month - relativedelta(months=11), today
    return month, today.replace(day=1) + relativedelta(months=1) - timedelta(days=1)


class PeriodForm(forms.Form):
    """A preset (this month by default) or two dates; an invalid entry is reported and this month shown."""

    preset = forms.ChoiceField(label="Period", choices=PRESETS, required=False)
    first = forms.DateField(label="From", required=False, widget=DateInput())
    last = forms.DateField(label="To", required=False, widget=DateInput())
    artist = forms.ModelChoiceField(label="Artist", queryset=Artist.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["artist"].empty_label = "All artists"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
        for name in ("first", "last"):
            self.fields[name].error_messages["invalid"] = "Enter a date as year-month-day, e.g. 2026-11-01."

    def clean(self):
        data = super().clean()
        preset = data.get("preset") or ("custom" if data.get("first") or data.get("last") else "this_month")
        data["preset"] = preset
        if preset != "custom" or self.errors:
            return data
        first, last = data.get("first"), data.get("last")
        if not (first and last):
            raise forms.ValidationError("Enter both dates, or choose a period.")
        if last < first:
            self.add_error("last", "The end date must not be before the start date.")
        elif last - first > LONGEST:
            self.add_error("last", "Choose at most three years.")
        return data

    def period(self, *, today: date | None = None) -> Period:
        """The chosen period, or this month (all artists unless one was validly chosen) if the entry is invalid."""
        today = today or local_today()
        data = self.cleaned_data if self.is_valid() else {}
        artist = data.get("artist")
        if data.get("preset", "this_month") == "custom":
            return Period(first=data["first"], last=data["last"], artist=artist)
        first, last = preset_period(data.get("preset", "this_month"), today=today)
        return Period(first=first, last=last, artist=artist)
