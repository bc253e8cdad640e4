"""Horizontal bar charts as geometry for an SVG template: no script, no inline style (the CSP forbids both).

Every number is also in the table beside the chart, so the SVG is one picture with a title (`role="img"`).
"""

from dataclasses import dataclass

from .formats import shown

WIDTH = 520
LABEL_WIDTH = 170  # the row labels, right-aligned against the bars
BAR_SPACE = 270  # the longest bar; the rest of the width holds its value
GROUP_GAP = 10


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    series: int  # CSS class bar-<series>
    value: str
    value_x: float
    text_y: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    width: int
    height: int
    label_x: int
    groups: list[Group]
    legend: list[tuple[str, int, int]]  # (series name, series number, y)


def bar_chart(*, key: str, title: str, labels: list[str], series: list[str], values: list[list], kind: str) -> BarChart:
    """One group of bars per label, one bar per series, scaled to the largest value."""
    bar_height = 20 if len(series) == 1 else 15
    top = 8 + (18 * len(series) if len(series) > 1 else 0)  # room for the legend
    biggest = max((float(v) for row in values for v in row), default=0) or 1
    groups, y = [], top
    for label, row in zip(labels, values, strict=True):
        bars = []
        for n, value in enumerate(row):
            width = round(BAR_SPACE * float(value) / biggest, 1)
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=y + n * (bar_height + 2),
                    width=width,
                    height=bar_height,
                    series=n,
                    value=shown(value, kind),
                    value_x=LABEL_WIDTH + width + 6,
                    text_y=y + n * (bar_height + 2) + bar_height - 5,
                )
            )
        group_height = len(row) * (bar_height + 2)
        groups.append(Group(label=label, label_y=y + group_height // 2 + 4, bars=bars))
        y += group_height + GROUP_GAP
    legend = [(name, n, 14 + 18 * n) for n, name in enumerate(series)] if len(series) > 1 else []
    return BarChart(key=key, title=title, width=WIDTH, height=y, label_x=LABEL_WIDTH - 8, groups=groups, legend=legend)
