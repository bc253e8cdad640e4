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


@transaction.atomic
def change_time_off(*, time_off_id: int, start: datetime, end: datetime, reason: str = "") -> tuple[TimeOff, list]:
    """Move, lengthen or shorten time off; return the live appointments now inside it (kept, to be moved)."""
    if end <= start:
        raise InvalidBookingTime("Time off must end after it starts.")
    time_off = TimeOff.objects.select_for_update().get(pk=time_off_id)
    Artist.objects.select_for_update().get(pk=time_off.artist_id)  # as when adding: no booking slips past
    time_off.start, time_off.end, time_off.reason = start, end, reason.strip()
    time_off.full_clean()
    time_off.save()
    return time_off, clashes_with(time_off)


@transaction.atomic
def remove_time_off(*, time_off_id: int) -> None:
    """The artist is at work after all: the time is bookable again at once."""
    TimeOff.objects.filter(pk=time_off_id).delete()
