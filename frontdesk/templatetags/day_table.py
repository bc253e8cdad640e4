"""The staff home's day tables (today, tomorrow) written in Python: a busy clinic's day is hundreds of rows of
~30 template nodes each, half of the page's time when rendered by the template engine (as the calendar's
blocks in bookings/templatetags/grid_cells.py). The same HTML as a template would give, every value escaped."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from bookings.templatetags.appointment_flags import flag_badges
from clinic.html import CSRF_SLOT, csrf_input_for, escape

register = template.Library()


def _or_dash(value) -> str:
    return escape(value) if value else "—"


def _notes(notes) -> str:
    text = (
        f'<br><small class="text-muted">Last session: shade {_or_dash(notes.pigment_shade)}, '
        f"needle {_or_dash(notes.needle)}, layer {_or_dash(notes.density_layer)}"
    )
    if notes.notes:
        text += f". {escape(notes.notes)}"
    return text + "</small>"


def _outcome(row, *, now, csrf_input: str, home_url: str) -> str:
    a = row.appointment
    if not row.outcome_open:
        return "<td></td>"
    if a.start > now:
        return f'<td><span class="text-muted small">From {escape(row.starts)}</span></td>'
    done = "Completed" if a.plan_id else "Arrived"
    return (
        f'<td><form method="post" action="{escape(row.outcome_url)}" class="d-flex gap-1">{csrf_input}'
        f'<input type="hidden" name="next" value="{home_url}">'
        f'<button class="btn btn-outline-success btn-sm" name="outcome" value="attended" type="submit">{done}</button>'
        '<button class="btn btn-outline-danger btn-sm" name="outcome" value="no_show" type="submit">No-show</button>'
        "</form></td>"
    )


def _row(row, *, artist, with_outcome: bool, now, csrf_input: str, home_url: str) -> str:
    a = row.appointment
    client = a.client
    cells = [
        f'<td class="text-nowrap"><a href="{escape(row.url)}">{escape(row.starts)}–{escape(row.ends)}</a></td>',
        f'<td><a href="{escape(row.client_url)}">{escape(client.full_name)}</a><br>'
        f'<small><a href="tel:{escape(client.phone)}">{escape(row.phone)}</a></small></td>',
    ]
    if not artist:
        cells.append(f"<td>{escape(a.artist.display_name)}</td>")
    what = escape(row.what)
    if a.status != "booked":
        what += f" · <strong>{escape(a.status_label)}</strong>"
    if artist and row.last_notes:
        what += _notes(row.last_notes)
    cells.append(f"<td>{what}</td>")
    needs = "".join(f'<span class="badge text-bg-warning me-1">{escape(need)}</span>' for need in row.needs)
    if not row.needs and not row.flags:
        needs = '<span class="text-muted small">Nothing</span>'
    cells.append(f"<td>{needs}{flag_badges(row.flags)}</td>")
    if with_outcome:
        cells.append(_outcome(row, now=now, csrf_input=csrf_input, home_url=home_url))
    return "<tr>" + "".join(cells) + "</tr>"


@register.simple_tag(takes_context=True)
def day_table(context, rows, *, table_id: str, caption: str, with_outcome: bool) -> SafeString:
    artist = context.get("artist")
    csrf_input = CSRF_SLOT if context.get("csrf_slot") else csrf_input_for(context.get("csrf_token"))
    home_url = escape(reverse("frontdesk:home"))
    heads = ["Time", "Client", *([] if artist else ["Artist"]), "What", "Needs", *(["Outcome"] if with_outcome else [])]
    body = [
        _row(
            row, artist=artist, with_outcome=with_outcome, now=context["now"], csrf_input=csrf_input, home_url=home_url
        )
        for row in rows
    ] or ['<tr><td colspan="6" class="text-muted">No appointments.</td></tr>']
    html = (
        f'<table class="table table-sm align-middle" id="{conditional_escape(table_id)}">'
        f'<caption class="visually-hidden">{conditional_escape(caption)}</caption>'
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead>"
        "<tbody>\n" + "\n".join(body) + "\n</tbody></table>"
    )
    return mark_safe(html)  # noqa: S308 (every value above is escaped)
