from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import Func


class TsTzRange(Func):
    """`tstzrange(a, b)`, half-open: written exactly as the exclusion constraint's index expression."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()
