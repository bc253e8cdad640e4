"""`{% appointment_flags flags appointment.pk %}`: the badges other apps registered (bookings/flags.py).

Written in Python, not a template: the day grid shows hundreds of appointments, each with its badges."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def flag_badges(found) -> SafeString:
    """The badges of one appointment's flags ("" for none), each a link when the flag has somewhere to act."""
    if not found:
        return mark_safe("")
    badges = []
    for f in found:
        classes = f"badge appt-flag flag-{escape(f.tone)}" + (f" flag-{escape(f.key)}" if f.key else "")
        if f.url:
            badges.append(f'<a href="{escape(f.url)}" class="{classes}">{escape(f.text)}</a>')
        else:
            badges.append(f'<span class="{classes}">{escape(f.text)}</span>')
    return mark_safe(f'<span class="appt-flags">{"".join(badges)}</span>')  # noqa: S308 (every piece is escaped)


@register.simple_tag
def appointment_flags(flags: dict | None, appointment_id: int) -> SafeString:
    return flag_badges((flags or {}).get(appointment_id, []))


@register.simple_tag(name="flag_badges")
def flag_badges_tag(found) -> SafeString:
    return flag_badges(found)
