"""Artists' own calendar changes: time off and the private feed address."""

from datetime import datetime

from django.db import transaction

from ..errors import InvalidBookingTime
from ..models import Artist, TimeOff, new_calendar_secret
from ..selectors import clashes_with


@transaction.atomic
def add_time_off(*, artist: Artist, start: datetime, end: datetime, reason: str = "") -> tuple[TimeOff, list]:
    """Record time off; return the live appointments inside it so they can be moved (never dropped)."""
    if end <= start:
        raise InvalidBookingTime("Time off must end after it starts.")
    Artist.objects.select_for_update().get(pk=artist.pk)  # bookings for this artist wait, so none slips past
    time_off = TimeOff(artist=artist, start=start, end=end, reason=reason.strip())
    time_off.full_clean()
    time_off.save()
    return time_off, clashes_with(time_off)


def regenerate_calendar_secret(*, artist: Artist) -> str:
    """A new feed address; the old one stops working at once."""
    artist.calendar_secret = new_calendar_secret()
    artist.save(update_fields=["calendar_secret"])
    return artist.calendar_secret
