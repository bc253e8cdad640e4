"""The report's tables and charts are written in Python (frontdesk/reports/html.py): labels shortened as the
`truncatechars` filter would, every value escaped, an empty table said in words."""

import pytest
from django.template.defaultfilters import truncatechars

from frontdesk.reports.html import _short, table_html
from frontdesk.reports.tables import Column, Table


@pytest.mark.parametrize(
    "label", ["", "Sam", "x" * 22, "x" * 23, "Consultation attended by Sam Okafor", "Zoë Ångström-Łukasz"]
)
def test_labels_are_shortened_as_truncatechars(label):
    assert _short(label) == truncatechars(label, 22)


def test_every_value_is_escaped():
    table = Table(
        key="diary",
        caption="By <artist>",
        columns=[Column("Artist"), Column("No-shows", "count")],
        rows=[['<script>alert("x")</script>', 3]],
        chart_columns=(1,),
        note="A & B",
    )
    html = table_html(table, querystring="preset=last_month&artist=<1>")
    assert "<script>" not in html and "<artist>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # the row and the chart's label
    assert html.count("&lt;script&gt;alert(&quot;x") == 2
    assert 'href="?preset=last_month&amp;artist=&lt;1&gt;&amp;csv=diary"' in html
    assert '<p class="small text-muted">A &amp; B</p>' in html


def test_an_empty_table_says_so():
    table = Table(key="money", caption="Money", columns=[Column("Month"), Column("Quoted", "count")], rows=[])
    assert '<td colspan="2" class="text-muted">Nothing in this period.</td>' in table_html(table, querystring="")
    assert 'href="?csv=money"' in table_html(table, querystring="")
