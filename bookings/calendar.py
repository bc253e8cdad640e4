"""The .ics file attached to booking e-mails (RFC 5545, with the clinic's VTIMEZONE)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment
from .selectors import clinic_tz


def appointment_ics(appointment: Appointment, *, manage_url: str) -> bytes:
    cancelled = appointment.status == Appointment.Status.CANCELLED
    cal = Calendar()
    cal.add("prodid", f"-//{settings.CLINIC_NAME}//Bookings//EN")
    cal.add("version", "2.0")
    # PUBLISH, not REQUEST: this is a copy for the client's calendar, not an invitation to answer.
    cal.add("method", "PUBLISH")
    event = Event()
    # A stable UID + rising SEQUENCE lets calendar apps update or remove the same event.
    event.add("uid", f"{appointment.public_id}@{urlsplit(settings.SITE_URL).hostname or 'clinic'}")
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.start.astimezone(clinic_tz()))
    event.add("dtend", appointment.end.astimezone(clinic_tz()))
    event.add("summary", f"{appointment.service.name} – {settings.CLINIC_NAME}")
    event.add("location", settings.CLINIC_ADDRESS)
    event.add("description", f"With {appointment.artist.display_name}. Cancel or change: {manage_url}")
    event.add("url", manage_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def artist_feed(artist) -> bytes:
    """An artist's private subscription feed: their appointments and time off, a month back to a year ahead."""
    from datetime import timedelta

    from .models import TimeOff

    now = timezone.now()
    cal = Calendar()
    cal.add("prodid", f"-//{settings.CLINIC_NAME}//Artist calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{artist.display_name} – {settings.CLINIC_NAME}")
    host = urlsplit(settings.SITE_URL).hostname or "clinic"
    appointments = (
        Appointment.objects.active()
        .filter(artist=artist, start__gte=now - timedelta(days=31), start__lte=now + timedelta(days=366))
        .select_related("client", "service", "plan")
    )
    for a in appointments:
        event = Event()
        event.add("uid", f"{a.public_id}@{host}")
        event.add("sequence", a.sequence)
        event.add("dtstamp", now)
        event.add("dtstart", a.start.astimezone(clinic_tz()))
        event.add("dtend", a.end.astimezone(clinic_tz()))
        what = f"Session {a.session_number}" if a.plan_id else a.service.name
        event.add("summary", f"{what}: {a.client.full_name}")
        event.add("location", settings.CLINIC_ADDRESS)
        cal.add_component(event)
    for t in TimeOff.objects.filter(artist=artist, end__gte=now - timedelta(days=31)):
        event = Event()
        event.add("uid", f"timeoff-{t.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", t.start.astimezone(clinic_tz()))
        event.add("dtend", t.end.astimezone(clinic_tz()))
        event.add("summary", f"Time off{': ' + t.reason if t.reason else ''}")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
