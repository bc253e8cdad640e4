from .day import DayRow, day_rows
from .todo import ToDo, to_do, unannounced_state

__all__ = ["DayRow", "ToDo", "day_rows", "to_do", "unannounced_state"]
