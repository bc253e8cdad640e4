"""A client's dated aftercare schedule: the template's steps copied and pinned to calendar dates."""

from django.db import models
from django.db.models import Q

from clients.models import Client

from .templates import AftercareTemplate


class AftercareScheduleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AftercareScheduleQuerySet":
        """Whoever may see the client may see their aftercare."""
        return self.filter(client__in=Client.objects.visible_to(user))


class AftercareSchedule(models.Model):
    Purpose = AftercareTemplate.Purpose

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="aftercare_schedules")
    plan = models.ForeignKey("bookings.TreatmentPlan", on_delete=models.PROTECT, related_name="aftercare_schedules")
    # The session the schedule follows (the final one, or the one just completed between sessions).
    session = models.ForeignKey("bookings.Appointment", on_delete=models.PROTECT, related_name="aftercare_schedules")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    template_name = models.CharField(max_length=120)
    closing_advice = models.TextField(blank=True)
    starts_on = models.DateField(help_text="Day 0: the date of the session, clinic time.")
    ends_on = models.DateField()
    top_up_due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AftercareScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=["final", "between"]), name="aftercare_schedule_purpose"),
            # One 30-day schedule per plan, however often completion is recorded or a task retried.
            models.UniqueConstraint(
                fields=["plan"], condition=Q(purpose="final"), name="aftercare_one_final_schedule_per_plan"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="aftercare_schedule_dates"),
            # A session that was followed by a between-sessions schedule may turn out to be the last one
            # (sessions completed out of order): it then gets the 30-day schedule as well.
            models.UniqueConstraint(fields=["session", "purpose"], name="aftercare_one_schedule_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.template_name} from {self.starts_on:%d %b %Y}"


class ScheduleStep(models.Model):
    schedule = models.ForeignKey(AftercareSchedule, on_delete=models.CASCADE, related_name="steps")
    day = models.PositiveSmallIntegerField()
    last_day = models.PositiveSmallIntegerField()
    date = models.DateField()
    end_date = models.DateField()
    title = models.CharField(max_length=120)
    instructions = models.TextField()
    send_reminder = models.BooleanField(default=False)
    is_check_in = models.BooleanField(default=False)

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("day")), name="aftercare_step_span"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("date")), name="aftercare_step_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"
