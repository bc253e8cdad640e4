"""Small SQL pieces the reports compute with: a median aggregate and the days between two moments."""

from django.db.models import Aggregate, FloatField, Func


class Median(Aggregate):
    """PostgreSQL's `percentile_cont(0.5) WITHIN GROUP (ORDER BY …)`; NULLs are left out, as by every aggregate."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False


class DaysBetween(Func):
    """(later − earlier) in days, fractional; NULL when either is NULL. Dates count from their midnight (UTC)."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "
    output_field = FloatField()

    def __init__(self, earlier, later, **extra):
        super().__init__(later, earlier, **extra)
