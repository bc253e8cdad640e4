"""Writes for booking. `check_*` validates, `book_*`/`cancel_*`/`reschedule_*` change state.

The Python checks give clear messages; the exclusion constraint `bookings_appt_no_overlap` is what
actually guarantees no double booking when two requests race past the checks together.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from psycopg2 import errorcodes

from clients.services import ClientDetails, upsert_client

from .errors import InvalidBookingTime, NotChangeable, SlotUnavailable
from .models import Appointment, Artist, BookingPolicy, Service
from .selectors import booking_window, clinic_tz, consultation_service, slots_on
from .slots import Slot
from .tasks import send_booking_email


def check_bookable_start(
    *,
    service: Service,
    start: datetime,
    artist_id: int | None,
    policy: BookingPolicy,
    now: datetime,
    exclude_appointment_id: int | None = None,
) -> list[Slot]:
    """The free slots (one per artist) starting exactly at `start`, or a domain error saying why not."""
    if start.tzinfo is None:
        raise InvalidBookingTime("Give the time with its UTC offset (e.g. 2026-12-01T10:00:00+00:00).")
    if start <= now:
        raise InvalidBookingTime("That time is in the past. Please choose a later slot.")
    earliest, latest = booking_window(policy=policy, now=now)
    if start < earliest:
        hours = policy.min_notice_minutes / 60
        raise InvalidBookingTime(f"Online bookings need at least {hours:g} hours' notice.")
    if start >= latest:
        raise InvalidBookingTime(f"Bookings can be made up to {policy.horizon_days} days ahead.")
    day = start.astimezone(clinic_tz()).date()
    kwargs = {"service": service, "day": day, "artist_id": artist_id, "policy": policy, "now": now}
    free = [s for s in slots_on(exclude_appointment_id=exclude_appointment_id, **kwargs) if s.start == start]
    if free:
        return free
    if not any(s.start == start for s in slots_on(ignore_bookings=True, **kwargs)):
        local = start.astimezone(clinic_tz())
        if (local.hour * 60 + local.minute) % policy.slot_step_minutes or local.second or local.microsecond:
            raise InvalidBookingTime(
                f"Appointments start on a {policy.slot_step_minutes}-minute grid (e.g. 10:00, "
                f"10:{policy.slot_step_minutes:02d}). Please pick one of the listed times."
            )
        raise InvalidBookingTime("That time is outside the artist's working hours.")
    raise SlotUnavailable("Sorry, that time has just been taken. Please choose another slot.")


def _blocked_until(*, artist: Artist, service: Service, start: datetime) -> tuple[datetime, datetime]:
    end = start + timedelta(minutes=service.duration_minutes)
    return end, end + timedelta(minutes=max(service.buffer_minutes, artist.buffer_minutes))


def _is_overlap(error: IntegrityError) -> bool:
    return getattr(error.__cause__, "pgcode", None) == errorcodes.EXCLUSION_VIOLATION


def _insert_into_first_free(*, candidates: list[Slot], service: Service, client, source: str) -> Appointment:
    artists = Artist.objects.in_bulk([s.artist_id for s in candidates])
    for slot in candidates:
        artist = artists[slot.artist_id]
        end, blocked_until = _blocked_until(artist=artist, service=service, start=slot.start)
        appointment = Appointment(
            artist=artist,
            service=service,
            client=client,
            start=slot.start,
            end=end,
            blocked_until=blocked_until,
            source=source,
        )
        appointment.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():  # a savepoint: losing a race must not poison the outer transaction
                appointment.save()
        except IntegrityError as error:
            if not _is_overlap(error):
                raise
            continue  # someone else got this artist at this time; try the next free artist
        return appointment
    raise SlotUnavailable("Sorry, that time has just been taken. Please choose another slot.")


def book_consultation(
    *,
    start: datetime,
    client_details: ClientDetails,
    artist_id: int | None = None,
    source: str = Appointment.Source.ONLINE,
    now: datetime | None = None,
) -> Appointment:
    """Book a free consultation at `start` with the given artist, or any artist free then.

    Raises InvalidBookingTime or SlotUnavailable; on either, nothing is written.
    The confirmation e-mail is queued only once the booking is committed.
    """
    service = consultation_service()
    policy = BookingPolicy.load()
    now = now or timezone.now()
    with transaction.atomic():
        candidates = check_bookable_start(service=service, start=start, artist_id=artist_id, policy=policy, now=now)
        client = upsert_client(details=client_details)
        appointment = _insert_into_first_free(candidates=candidates, service=service, client=client, source=source)
        _queue_email(appointment, "confirmation")
    return appointment


def _lock_changeable(*, appointment_id: int, now: datetime) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("service", "artist").get(pk=appointment_id)
    if appointment.status == Appointment.Status.CANCELLED:
        raise NotChangeable("This appointment has already been cancelled.")
    if appointment.status != Appointment.Status.BOOKED or appointment.start <= now:
        raise NotChangeable("This appointment has already started or taken place, so it can't be changed online.")
    return appointment


@transaction.atomic
def cancel_appointment(*, appointment_id: int, now: datetime | None = None) -> Appointment:
    """Cancel a booked, future appointment; its time becomes free at once."""
    now = now or timezone.now()
    appointment = _lock_changeable(appointment_id=appointment_id, now=now)
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_at = now
    appointment.sequence += 1
    appointment.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    _queue_email(appointment, "cancellation")
    return appointment


@transaction.atomic
def reschedule_appointment(
    *, appointment_id: int, start: datetime, artist_id: int | None = None, now: datetime | None = None
) -> Appointment:
    """Move a booked, future appointment to another free slot (same rules as a new booking)."""
    now = now or timezone.now()
    appointment = _lock_changeable(appointment_id=appointment_id, now=now)
    candidates = check_bookable_start(
        service=appointment.service,
        start=start,
        artist_id=artist_id,
        policy=BookingPolicy.load(),
        now=now,
        exclude_appointment_id=appointment.pk,
    )
    # Prefer keeping the same artist when they are free at the new time.
    candidates.sort(key=lambda s: s.artist_id != appointment.artist_id)
    artists = Artist.objects.in_bulk([s.artist_id for s in candidates])
    appointment.sequence += 1
    for slot in candidates:
        artist = artists[slot.artist_id]
        appointment.artist = artist
        appointment.start = slot.start
        appointment.end, appointment.blocked_until = _blocked_until(
            artist=artist, service=appointment.service, start=slot.start
        )
        try:
            with transaction.atomic():
                appointment.save(update_fields=["artist", "start", "end", "blocked_until", "sequence", "updated_at"])
        except IntegrityError as error:
            if not _is_overlap(error):
                raise
            continue
        _queue_email(appointment, "rescheduled")
        return appointment
    raise SlotUnavailable("Sorry, that time has just been taken. Please choose another slot.")


def _queue_email(appointment: Appointment, kind: str) -> None:
    appointment_id, sequence = appointment.pk, appointment.sequence
    transaction.on_commit(lambda: send_booking_email.delay(appointment_id, kind, sequence))
