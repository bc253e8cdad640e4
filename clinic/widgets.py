"""Form widgets shared by the apps."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. `<input type="date">` accepts only yyyy-mm-dd, whatever the page's locale: Django's
    en-GB format (12/04/1988) would show as empty and saving the form unchanged would erase the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-and-time picker, which likewise accepts only yyyy-mm-ddThh:mm."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
