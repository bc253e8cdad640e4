"""Checks shared by every way of putting an appointment in a calendar."""

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from psycopg2 import errorcodes

from clinic.clock import local_today, to_clinic_time
from clinic.plurals import count

from ..errors import InvalidBookingTime, SlotUnavailable
from ..hooks import session_cancelled
from ..models import Appointment, Artist, BookingPolicy, Service
from ..selectors import bookable_artists, booking_window, slots_on
from ..slots import Slot
from .refusals import Refusal, explain_refusal


def check_bookable_start(
    *,
    service: Service,
    start: datetime,
    artist_id: int | None,
    policy: BookingPolicy,
    now: datetime,
    exclude_appointment_id: int | None = None,
    online: bool = True,
) -> list[Slot]:
    """The free slots (one per artist) starting exactly at `start`, or a domain error saying why not.

    Takes the artist lock itself (`lock_artists`; call it inside the transaction that then writes):
    a booking, a move and time off for the same artist take turns from here to their commit.
    `online=False` is staff scheduling: no minimum notice or horizon, but never in the past.
    """
    if start.tzinfo is None:
        raise InvalidBookingTime("Give the time with its UTC offset (e.g. 2026-12-01T10:00:00+00:00).")
    if start <= now:
        raise InvalidBookingTime("That time is in the past. Please choose a later slot.")
    if online:
        earliest, latest = booking_window(policy=policy, now=now)
        if start < earliest:
            hours = policy.min_notice_minutes / 60
            notice = count(hours, "hour's", "hours'")
            raise InvalidBookingTime(f"Online bookings need at least {notice} notice.")
        if start >= latest:
            raise InvalidBookingTime(f"Bookings can be made up to {count(policy.horizon_days, 'day')} ahead.")
    # Only the online pickers list times; the desk's moves and sessions are typed into a box.
    choose = "Please pick one of the listed times." if online else "Please choose another time."
    lock_artists(artist_id)
    day = local_today(now=start)
    kwargs = {"service": service, "day": day, "artist_id": artist_id, "policy": policy, "now": now, "online": online}
    free = [s for s in slots_on(exclude_appointment_id=exclude_appointment_id, **kwargs) if s.start == start]
    if free:
        return free
    local = to_clinic_time(start)
    if (local.hour * 60 + local.minute) % policy.slot_step_minutes or local.second or local.microsecond:
        raise InvalidBookingTime(
            f"Appointments start on a {policy.slot_step_minutes}-minute grid (e.g. 10:00, "
            f"10:{policy.slot_step_minutes:02d}). {choose}"
        )
    if refusal := _refusal(service, start, artist_id, exclude_appointment_id, staff=not online):
        raise (SlotUnavailable if refusal.taken else InvalidBookingTime)(refusal.message)
    if not any(s.start == start for s in slots_on(ignore_bookings=True, **kwargs)):
        # Whose hours, by name: the client may have changed the artist after the times were shown.
        name = Artist.objects.filter(pk=artist_id).values_list("display_name", flat=True).first() if artist_id else None
        whose = f"{name}'s" if name else "the artist's" if artist_id else "every artist's"
        raise InvalidBookingTime(f"{local:%H:%M} on {local:%A %-d %B} is outside {whose} working hours. {choose}")
    raise SlotUnavailable("Sorry, that time has just been taken. Please choose another slot.")


def _refusal(service, start, artist_id, exclude_appointment_id, *, staff: bool) -> Refusal | None:
    """What is in the way, said as far as the asker may know it (None: say it the general way)."""
    refusals = [
        explain_refusal(artist=artist, service=service, start=start, exclude_appointment_id=exclude_appointment_id)
        for artist in bookable_artists(artist_id=artist_id)
    ]
    if not refusals or None in refusals:  # someone was free after all: a race, "just been taken"
        return None
    if not staff and (len(refusals) > 1 or refusals[0].staff_only):
        return None
    if len(refusals) == 1:
        return refusals[0]
    return Refusal(
        "No artist can take it then. " + " ".join(r.message for r in refusals),
        taken=any(r.taken for r in refusals),
        staff_only=True,
    )


def appointment_times(*, artist: Artist, service: Service, start: datetime) -> tuple[datetime, datetime]:
    """(end, blocked_until): the service's length, then the larger of the two buffers."""
    end = start + timedelta(minutes=service.duration_minutes)
    return end, end + timedelta(minutes=max(service.buffer_minutes, artist.buffer_minutes))


def is_overlap(error: IntegrityError) -> bool:
    """Whether an IntegrityError is the no-overlap exclusion constraint (someone got there first)."""
    return getattr(error.__cause__, "pgcode", None) == errorcodes.EXCLUSION_VIOLATION


def saved_unless_overlap(appointment, *, update_fields=None) -> bool:
    """Save in a savepoint; False (and nothing saved) if the exclusion constraint says the time is taken.

    The savepoint keeps a lost race from poisoning the surrounding transaction.
    """
    try:
        with transaction.atomic():
            appointment.save(update_fields=update_fields)
    except IntegrityError as error:
        if is_overlap(error):
            return False
        raise
    return True


def save_or_slot_taken(appointment) -> None:
    """Save in a savepoint; losing a race to the exclusion constraint becomes SlotUnavailable."""
    if not saved_unless_overlap(appointment):
        raise SlotUnavailable("That time has just been taken in the artist's calendar.")


def lock_artists(artist_id: int | None = None) -> None:
    """Lock the artist rows a booking may use (in pk order, so concurrent lockers can't deadlock).

    Bookings and time off for the same artist then take turns, so time off can never be added
    between a booking's availability check and its insert without the booking seeing it.
    """
    qs = Artist.objects.select_for_update().order_by("pk")
    list((qs.filter(pk=artist_id) if artist_id else qs.filter(is_active=True)).values_list("pk", flat=True))


def mark_cancelled(appointment, *, now) -> None:
    """Cancel in place: the time is freed (the constraints ignore cancelled rows) and calendars see a new version."""
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_at = now
    appointment.sequence += 1
    appointment.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])


def announce_cancelled(appointment, *, now, by_client: bool) -> None:
    """Tell the apps above that a treatment session was cancelled (call right after `mark_cancelled`).

    The notice is real time, both ends in UTC: an aware datetime in the clinic's zone would subtract
    wall-clock hours, one too many or too few across a clock change.
    """
    if appointment.plan_id is None:
        return
    notice = appointment.start.astimezone(UTC) - now.astimezone(UTC)
    session_cancelled.send(sender=Appointment, appointment_id=appointment.pk, by_client=by_client, notice=notice)
