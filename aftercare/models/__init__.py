from .reminders import BOOKING_EMAIL_KINDS, Reminder, ReminderChannel, ReminderKind, ReminderStatus
from .schedules import AftercareSchedule, ScheduleStep
from .templates import AftercareStep, AftercareTemplate

__all__ = [
    "BOOKING_EMAIL_KINDS",
    "AftercareSchedule",
    "AftercareStep",
    "AftercareTemplate",
    "Reminder",
    "ReminderChannel",
    "ReminderKind",
    "ReminderStatus",
    "ScheduleStep",
]
