"""Days the whole clinic is closed (bank holidays, the Christmas break), edited in the admin."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class ClinicClosure(models.Model):
    first_day = models.DateField()
    last_day = models.DateField(null=True, blank=True, help_text="For several days in a row; empty = one day.")
    every_year = models.BooleanField(
        default=False, help_text="Closed on these dates every year (the year is ignored), e.g. 25–26 December."
    )
    reason = models.CharField(max_length=80, blank=True, help_text="e.g. Christmas, bank holiday")

    class Meta:
        ordering = ("first_day",)
        verbose_name = "clinic closure"
        constraints = [
            # A yearly closure may run over New Year (28 December to 2 January); a dated one may not run backwards.
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")) | Q(every_year=True),
                name="bookings_closure_last_not_before_first",
                violation_error_message="The last day can't be before the first (unless it closes every year).",
            ),
        ]

    def __str__(self) -> str:
        days = f"{self.first_day:%-d %b}" + (f"–{self.last_day:%-d %b}" if self.last_day else "")
        return f"{self.reason or 'Closed'}: {days}{' every year' if self.every_year else f' {self.first_day:%Y}'}"

    def clean(self) -> None:
        if self.last_day and self.last_day < self.first_day and not self.every_year:
            raise ValidationError({"last_day": "The last day can't be before the first."})

    def covers(self, day: date) -> bool:
        last = self.last_day or self.first_day
        if not self.every_year:
            return self.first_day <= day <= last
        start, end, md = (self.first_day.month, self.first_day.day), (last.month, last.day), (day.month, day.day)
        return start <= md <= end if start <= end else (md >= start or md <= end)
