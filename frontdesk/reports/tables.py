"""A report's figures as a table: raw values for the CSV, formatted ones for the page, and its chart."""

import csv
from dataclasses import dataclass, field

from django.http import HttpResponse

from .charts import BarChart, bar_chart
from .formats import raw, shown


@dataclass(frozen=True)
class Column:
    title: str
    # text | count | percent (a fraction, shown ×100) | days | hours | gbp
    kind: str = "text"


@dataclass
class Table:
    key: str  # the CSV's name (?csv=<key>) and the page ids
    caption: str
    columns: list[Column]
    rows: list[list]
    # Which columns the chart draws as bars (against column 0, the label); none: no chart.
    chart_columns: tuple[int, ...] = ()
    note: str = ""
    chart: BarChart | None = field(init=False, default=None)

    def __post_init__(self):
        if self.chart_columns and self.rows:
            self.chart = bar_chart(
                key=self.key,
                title=self.caption,
                labels=[str(row[0]) for row in self.rows],
                series=[self.columns[i].title for i in self.chart_columns],
                values=[[row[i] or 0 for i in self.chart_columns] for row in self.rows],
                kind=self.columns[self.chart_columns[0]].kind,
            )

    @property
    def wide(self) -> bool:
        """Too many columns to sit beside its chart: the chart goes above it."""
        return len(self.columns) > 5

    @property
    def display_rows(self) -> list[list[str]]:
        return [[shown(v, c.kind) for v, c in zip(row, self.columns, strict=True)] for row in self.rows]

    def csv_rows(self) -> list[list]:
        header = [
            c.title + (" (%)" if c.kind == "percent" else " (£)" if c.kind == "gbp" else "") for c in self.columns
        ]
        return [header, *([raw(v, c.kind) for v, c in zip(row, self.columns, strict=True)] for row in self.rows)]


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(table.csv_rows())
    return response
