"""`{% appointment_flags flags appointment.pk %}`: the badges other apps registered (bookings/flags.py)."""

from django import template

register = template.Library()


@register.inclusion_tag("bookings/_flags.html")
def appointment_flags(flags: dict | None, appointment_id: int) -> dict:
    return {"found": (flags or {}).get(appointment_id, [])}
