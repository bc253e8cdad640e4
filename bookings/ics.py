"""Calendar files (RFC 5545, with the clinic's VTIMEZONE): the one attached to booking e-mails and
each artist's private subscription feed."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from clients.names import greeting_name
from clinic.clock import to_clinic_time
from clinic.links import absolute_url

from .describe import length, what
from .models import Appointment, TimeOff


def _calendar(product: str, **properties) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.CLINIC_NAME}//{product}//EN")
    cal.add("version", "2.0")
    for name, value in properties.items():
        cal.add(name.replace("_", "-"), value)
    return cal


def _event(*, uid: str, start: datetime, end: datetime, summary: str, now: datetime, **properties) -> Event:
    """A stable UID (+ a rising SEQUENCE where given) lets calendar apps update the same event."""
    event = Event()
    event.add("uid", f"{uid}@{urlsplit(settings.SITE_URL).hostname or 'clinic'}")
    event.add("dtstamp", now)
    event.add("dtstart", to_clinic_time(start))
    event.add("dtend", to_clinic_time(end))
    event.add("summary", summary)
    for name, value in properties.items():
        event.add(name, value)
    return event


def _finish(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return cal.to_ical()


def appointment_ics(appointment: Appointment, *, manage_url: str) -> bytes:
    """The client's copy of one appointment; a cancelled one is a METHOD:CANCEL of the same UID.

    PUBLISH, not REQUEST: a copy for the client's calendar, not an invitation to answer. RFC 5546
    wants an ORGANIZER on both, and on a CANCEL the attendee it removes the event for.
    """
    cancelled = appointment.status == Appointment.Status.CANCELLED
    cal = _calendar("Bookings", method="CANCEL" if cancelled else "PUBLISH")
    if appointment.plan_id:
        summary = f"SMP session {appointment.session_number} of {appointment.plan.session_count}"
    else:
        summary = appointment.service.name
    description = [f"With {appointment.artist.display_name}."]
    if appointment.service.preparation:
        description.append(f"How to prepare: {appointment.service.preparation}")
    description.append(f"Cancel or change: {manage_url}")
    organizer = vCalAddress(f"mailto:{settings.CLINIC_EMAIL}")
    organizer.params["cn"] = vText(settings.CLINIC_NAME)
    extra = {}
    if cancelled and appointment.client.email:  # a client booked by phone may have no address yet
        attendee = vCalAddress(f"mailto:{appointment.client.email}")
        attendee.params["cn"] = vText(appointment.client.full_name)
        extra["attendee"] = attendee
    cal.add_component(
        _event(
            uid=str(appointment.public_id),
            start=appointment.start,
            end=appointment.end,
            summary=f"{summary} – {settings.CLINIC_NAME}",
            now=timezone.now(),
            sequence=appointment.sequence,
            location=settings.CLINIC_ADDRESS,
            description="\n\n".join(description),
            url=manage_url,
            status="CANCELLED" if cancelled else "CONFIRMED",
            organizer=organizer,
            **extra,
        )
    )
    return _finish(cal)


def _feed_description(appointment: Appointment) -> str:
    """What the artist's phone shows: what and with whom (first name only), how to reach the clinic, where the rest
    is. Never health data (screening answers, notes): the feed is read by whatever calendar service syncs it."""
    return "\n".join(
        [
            f"{what(appointment)} ({length(appointment)}) with {greeting_name(appointment.client.full_name)}.",
            f"{settings.CLINIC_NAME}: {settings.CLINIC_PHONE}",
            f"Details on the staff pages: {absolute_url('bookings:appointment', appointment.pk)}",
        ]
    )


def artist_feed(artist) -> bytes:
    """An artist's private subscription feed: their appointments and time off, a month back to a year ahead.

    Each event says what it is ("Session 2 of 3 – 2.5 h: Jamie") with the client's first name only.
    """
    now = timezone.now()
    cal = _calendar("Artist calendar", x_wr_calname=f"{artist.display_name} – {settings.CLINIC_NAME}")
    appointments = (
        Appointment.objects.active()
        .filter(artist=artist, start__gte=now - timedelta(days=31), start__lte=now + timedelta(days=366))
        .select_related("client", "service", "plan")
    )
    for a in appointments:
        cal.add_component(
            _event(
                uid=str(a.public_id),
                start=a.start,
                end=a.end,
                summary=f"{what(a)} – {length(a)}: {greeting_name(a.client.full_name)}",
                now=now,
                sequence=a.sequence,
                location=settings.CLINIC_ADDRESS,
                description=_feed_description(a),
            )
        )
    for t in TimeOff.objects.filter(artist=artist, end__gte=now - timedelta(days=31)):
        summary = f"Time off{': ' + t.reason if t.reason else ''}"
        cal.add_component(
            _event(uid=f"timeoff-{t.pk}", start=t.start, end=t.end, summary=summary, now=now, transp="OPAQUE")
        )
    return _finish(cal)
