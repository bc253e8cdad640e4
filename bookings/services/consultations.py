"""Writes for booking. `check_*` validates, `book_*`/`cancel_*`/`reschedule_*` change state.

The Python checks give clear messages; the exclusion constraint `bookings_appt_no_overlap` is what
actually guarantees no double booking when two requests race past the checks together.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from clients.models import Client
from clients.services import ClientDetails, upsert_client

from ..errors import InvalidBookingTime, NotChangeable, SlotUnavailable
from ..hooks import consultation_booked, consultation_changed
from ..messages import queue_change_email, remember_told_time, sync_appointment_reminders
from ..models import Appointment, Artist, BookingPolicy, Service
from ..notice import check_client_notice
from ..selectors import consultation_service
from ..slots import Slot
from .checks import (
    announce_cancelled,
    appointment_times,
    check_bookable_start,
    mark_cancelled,
    saved_unless_overlap,
)


def _insert_into_first_free(
    *, candidates: list[Slot], service: Service, client, source: str, details: ClientDetails
) -> Appointment:
    artists = Artist.objects.in_bulk([s.artist_id for s in candidates])
    for slot in candidates:
        artist = artists[slot.artist_id]
        end, blocked_until = appointment_times(artist=artist, service=service, start=slot.start)
        appointment = Appointment(
            artist=artist,
            service=service,
            client=client,
            start=slot.start,
            end=end,
            blocked_until=blocked_until,
            source=source,
            booked_name=details.full_name,
            booked_phone=details.phone,
            booked_email=details.email,
        )
        appointment.full_clean(validate_constraints=False)
        if saved_unless_overlap(appointment):
            return appointment
        # someone else got this artist at this time; try the next free artist
    raise SlotUnavailable("Sorry, that time has just been taken. Please choose another slot.")


def book_consultation(
    *,
    start: datetime,
    client_details: ClientDetails,
    artist_id: int | None = None,
    client: Client | None = None,
    source: str = Appointment.Source.ONLINE,
    online: bool = True,
    now: datetime | None = None,
) -> Appointment:
    """Book a free consultation at `start` with the given artist, or any artist free then.

    Raises InvalidBookingTime or SlotUnavailable; on either, nothing is written. Staff booking by phone
    pass `online=False`: no minimum notice or horizon (but never in the past), and the `client` they
    book for (who may have no e-mail address); online the client is found or created by e-mail.
    The confirmation e-mail and the reminders are outbox rows written in the same transaction.
    """
    service = consultation_service()
    policy = BookingPolicy.load()
    now = now or timezone.now()
    with transaction.atomic():
        candidates = check_bookable_start(
            service=service, start=start, artist_id=artist_id, policy=policy, now=now, online=online
        )
        client = client or upsert_client(details=client_details)
        appointment = _insert_into_first_free(
            candidates=candidates, service=service, client=client, source=source, details=client_details
        )
        sync_appointment_reminders(appointment=appointment, now=now)
        queue_change_email(appointment=appointment, change="booked", now=now)
        consultation_booked.send(sender=Appointment, appointment_id=appointment.pk)
    return appointment


def _lock_changeable(*, appointment_id: int, now: datetime) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("service", "artist").get(pk=appointment_id)
    if appointment.status == Appointment.Status.CANCELLED:
        raise NotChangeable("This appointment has already been cancelled.")
    if appointment.status != Appointment.Status.BOOKED or appointment.start <= now:
        raise NotChangeable("This appointment has already started or taken place, so it can't be changed online.")
    return appointment


@transaction.atomic
def cancel_appointment(*, appointment_id: int, online: bool = True, now: datetime | None = None) -> Appointment:
    """Cancel a booked, future appointment (a consultation or a session); its time becomes free at once.

    Online (the client's manage link) only up to the policy's change notice before it starts; staff
    (`online=False`) at any time before it starts. A session's cancellation sends `session_cancelled`.
    """
    now = now or timezone.now()
    appointment = _lock_changeable(appointment_id=appointment_id, now=now)
    if online:
        check_client_notice(appointment=appointment, policy=BookingPolicy.load(), now=now, done="cancelled")
    mark_cancelled(appointment, now=now)
    sync_appointment_reminders(appointment=appointment, now=now)
    queue_change_email(appointment=appointment, change="cancelled", now=now)
    announce_cancelled(appointment, now=now, by_client=online)
    if not appointment.is_session:
        consultation_changed.send(sender=Appointment, appointment_id=appointment.pk)
    return appointment


@transaction.atomic
def reschedule_appointment(
    *,
    appointment_id: int,
    start: datetime,
    artist_id: int | None = None,
    online: bool = True,
    now: datetime | None = None,
) -> Appointment:
    """Move a booked, future appointment to another free slot (same rules as a new booking).

    Online (the client's manage link) the old time must also be at least the policy's change notice
    ahead; staff (`online=False`) may move it at any time, to any free time that has not passed.
    """
    now = now or timezone.now()
    policy = BookingPolicy.load()
    appointment = _lock_changeable(appointment_id=appointment_id, now=now)
    if start == appointment.start and artist_id in (None, appointment.artist_id):
        raise InvalidBookingTime("That is already the time of this appointment.")
    if online:
        check_client_notice(appointment=appointment, policy=policy, now=now, done="moved")
    candidates = check_bookable_start(
        service=appointment.service,
        start=start,
        artist_id=artist_id,
        policy=policy,
        now=now,
        exclude_appointment_id=appointment.pk,
        online=online,
    )
    # Prefer keeping the same artist when they are free at the new time.
    candidates.sort(key=lambda s: s.artist_id != appointment.artist_id)
    artists = Artist.objects.in_bulk([s.artist_id for s in candidates])
    remember_told_time(appointment)
    appointment.sequence += 1
    for slot in candidates:
        artist = artists[slot.artist_id]
        appointment.artist = artist
        appointment.start = slot.start
        appointment.end, appointment.blocked_until = appointment_times(
            artist=artist, service=appointment.service, start=slot.start
        )
        fields = ["artist", "start", "end", "blocked_until", "sequence", "previous_start", "updated_at"]
        if not saved_unless_overlap(appointment, update_fields=fields):
            continue
        sync_appointment_reminders(appointment=appointment, now=now)
        queue_change_email(appointment=appointment, change="moved", now=now)
        if not appointment.is_session:
            consultation_changed.send(sender=Appointment, appointment_id=appointment.pk)
        return appointment
    raise SlotUnavailable("Sorry, that time has just been taken. Please choose another slot.")
