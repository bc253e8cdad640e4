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
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
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
