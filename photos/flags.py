"""What photos say about an appointment (bookings/flags.py): "Photos: n", linking to its photo page."""

from bookings.flags import Flag
from clinic.links import link_maker

from .selectors import photo_counts


def photo_flags(appointments: list) -> dict[int, list[Flag]]:
    """Sessions always (an artist adds photos there); consultations only once they have some. One query."""
    counts = photo_counts(appointment_ids=[a.pk for a in appointments])
    session_url = link_maker("photos:session")
    found = {}
    for appointment in appointments:
        n = counts.get(appointment.pk, 0)
        if n or appointment.plan_id:
            text = f"Photos: {n}" if n else "No photos yet"
            url = session_url(appointment.pk)
            found[appointment.pk] = [Flag(text=text, tone="done" if n else "todo", url=url, key="photos")]
    return found
