"""A report table and its SVG chart as HTML, written in Python: a year's tables are thousands of cells and bars,
most of a freshly added-up report's rendering time through the template engine. Every value is escaped; the
SVG has attributes and classes only (the CSP allows no inline style)."""

from clinic.html import escape

from .charts import BarChart
from .tables import Table


def _short(text: str, length: int = 22) -> str:
    """As the `truncatechars` filter: at most `length` characters, the ellipsis included."""
    return text if len(text) <= length else text[: length - 1] + "…"


def chart_svg(chart: BarChart) -> str:
    key = escape(chart.key)
    parts = [
        f'<svg class="report-chart" viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" role="img" aria-labelledby="chart-{key}-title" id="chart-{key}">',
        f'<title id="chart-{key}-title">{escape(chart.title)} (chart; the figures are in the table)</title>',
    ]
    for name, n, y in chart.legend:
        parts.append(
            f'<rect class="bar bar-{n}" x="{chart.label_x + 8}" y="{y - 10}" width="12" height="12"></rect>'
            f'<text class="chart-legend" x="{chart.label_x + 26}" y="{y}">{escape(name)}</text>'
        )
    for group in chart.groups:
        label = escape(_short(group.label))
        parts.append(
            f'<text class="chart-label" x="{chart.label_x}" y="{group.label_y}" text-anchor="end">{label}</text>'
        )
        parts.extend(
            f'<rect class="bar bar-{bar.series}" x="{bar.x}" y="{bar.y}" width="{bar.width:.1f}" height="{bar.height}">'
            f'</rect><text class="chart-value" x="{bar.value_x:.1f}" y="{bar.text_y}">{escape(bar.value)}</text>'
            for bar in group.bars
        )
    parts.append("</svg>")
    return "\n".join(parts)


def table_html(table: Table, *, querystring: str) -> str:
    key, caption = escape(table.key), escape(table.caption)
    link = f"?{escape(querystring)}{'&amp;' if querystring else ''}csv={key}"
    end = ' class="text-end"'
    heads = "".join(
        f'<th scope="col"{"" if i == 0 else end}>{escape(c.title)}</th>' for i, c in enumerate(table.columns)
    )
    rows = [
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(cell)}</th>' if i == 0 else f'<td class="text-end">{escape(cell)}</td>'
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.display_rows
    ] or [f'<tr><td colspan="{len(table.columns)}" class="text-muted">Nothing in this period.</td></tr>']
    chart = f'<div class="report-chart-box">{chart_svg(table.chart)}</div>' if table.chart else ""
    note = f'<p class="small text-muted">{escape(table.note)}</p>' if table.note else ""
    return (
        f'<div class="report-figure{" report-figure-wide" if table.wide else ""} mb-4" id="figure-{key}">\n'
        f"{chart}\n"
        '<div class="table-responsive report-table-box">\n'
        f'<table class="table table-sm report-table" id="table-{key}">\n'
        f'<caption>{caption} · <a href="{link}" download>Download CSV'
        f'<span class="visually-hidden">: {caption}</span></a></caption>\n'
        f"<thead><tr>{heads}</tr></thead>\n"
        "<tbody>" + "\n".join(rows) + "</tbody>\n"
        "</table>\n"
        f"{note}\n"
        "</div>\n"
        "</div>"
    )
