from .reminders import Reminder, ReminderChannel, ReminderKind, ReminderStatus
from .schedules import AftercareSchedule, ScheduleStep
from .templates import AftercareStep, AftercareTemplate

__all__ = [
    "AftercareSchedule",
    "AftercareStep",
    "AftercareTemplate",
    "Reminder",
    "ReminderChannel",
    "ReminderKind",
    "ReminderStatus",
    "ScheduleStep",
]
