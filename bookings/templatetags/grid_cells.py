"""The grid's cells written in Python, a column at a time: the day view of 50 artists has ~1,000 blocks and
~10,000 free 15-minute cells a week, and one template node per piece made the page take seconds.
Every text from the database is escaped here; the rest (classes, digits, times) is ours."""

from django import template
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from clinic.clock import to_clinic_time
from clinic.links import link_maker

from ..models import Appointment
from .appointment_flags import flag_badges

register = template.Library()


@register.simple_tag
def free_cells(column, book_url: str):
    """Each free step is a link to book that artist at that time."""
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


@register.simple_tag
def grid_blocks(column, flags: dict | None):
    """A column's working hours, past, time off, buffers, free runs and appointments (selectors/grid.py)."""
    flags = flags or {}
    colour = f"artist-colour-{column.artist.pk}"
    appointment_url = link_maker("bookings:appointment")
    time_off_url = link_maker("bookings:time_off")
    html = []
    for b in column.blocks:
        pos = b.position
        times = f"{to_clinic_time(b.start):%H:%M}–{to_clinic_time(b.end):%H:%M}"
        if b.kind == "hours":
            html.append(f'<div class="cal-hours {pos}"></div>')
        elif b.kind == "past":
            html.append(f'<div class="cal-past {pos}"></div>')
        elif b.kind == "buffer":
            html.append(f'<div class="cal-buffer {pos}" aria-hidden="true">Buffer</div>')
        elif b.kind == "time_off":
            clash = " has-clash" if b.clash else ""
            url = escape(time_off_url(b.time_off.pk))
            text = f"Time off {times}: {escape(b.label)}"
            html.append(f'<a class="cal-timeoff {pos}{clash}" href="{url}" title="{text}">{text}</a>')
        elif b.kind == "freerun":
            html.append(f'<div class="cal-freerun {pos}" aria-hidden="true">{times} free</div>')
        elif b.kind == "appointment":
            url = escape(appointment_url(b.appointment.pk))
            html.append(_appointment(b, column, colour, url, flags.get(b.appointment.pk)))
    return mark_safe("".join(html))  # noqa: S308 (every piece above is escaped or ours)


def _appointment(b, column, colour: str, url: str, found) -> str:
    a = b.appointment
    booked = a.status == Appointment.Status.BOOKED
    movable = booked and not column.is_past
    title, label = escape(b.title), escape(b.label)
    status = "" if booked else f" ({escape(a.status_label)})"
    start = f"{to_clinic_time(b.start):%H:%M}"
    times = f"{start}–{to_clinic_time(b.end):%H:%M}"
    classes = f"cal-appt {b.position} {colour} pattern-{b.pattern}"
    classes += (" is-clash" if b.clash else "") + ("" if booked else " is-done")
    drag = f' draggable="true" data-appointment="{a.pk}"' if movable else ""
    hover = f"{title}, {label}, {times}{status}" + (", inside time off" if b.clash else "")
    text = f"{times} · {title}: {label}" + (status or (" (outcome not recorded)" if column.is_past else ""))
    if b.clash:
        text += '<span class="cal-clash">⚠ Inside time off: needs moving</span>'
    move = (
        f'<a class="cal-move" href="{url}#move-heading">Move…<span class="visually-hidden"> the {start} '
        f"{escape(b.title.lower())} with {label}</span></a>"
        if movable
        else ""
    )
    return (
        f'<div class="{classes}"{drag}>'
        f'<a class="cal-appt-link {colour} pattern-{b.pattern}" href="{url}" title="{hover}">{text}</a>'
        f"{flag_badges(found)}{move}</div>"
    )
