from .schedules import AftercareSchedule, ScheduleStep
from .templates import AftercareStep, AftercareTemplate

__all__ = ["AftercareSchedule", "AftercareStep", "AftercareTemplate", "ScheduleStep"]
