"""A section of the report page: a heading, a line of context, and its tables (each with its chart and CSV)."""

from dataclasses import dataclass

from ..tables import Table


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str = ""
