"""The grid's free 15-minute cells, written in one go: a week of 50 artists has ~10,000 of them, and one
template node per cell made the page take seconds. Each is a link to book that artist at that time."""

from django import template
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from clinic.clock import to_clinic_time

register = template.Library()


@register.simple_tag
def free_cells(column, book_url: str):
    artist, day = column.artist, column.day
    # Escaped once per column; the times (digits and a colon) need no escaping.
    link = escape(f"{book_url}?{urlencode({'artist': artist.pk, 'date': day.isoformat()})}&time=")
    who = escape(f"Book {artist.display_name}, {day:%a %-d %b} at ")
    cells = []
    for block in column.free:
        at = f"{to_clinic_time(block.start):%H:%M}"
        cells.append(
            f'<a class="cal-free row-start-{block.row} span-1" href="{link}{at}">'
            f'<span class="visually-hidden">{who}</span>{at}</a>'
        )
    return mark_safe("".join(cells))  # noqa: S308 (every piece above is escaped or ours)
