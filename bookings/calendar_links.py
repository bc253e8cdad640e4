"""Add-to-calendar links for a consultation: Google and Outlook on the web, and its .ics file (Apple and the rest)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings

from .models import Appointment


@dataclass(frozen=True)
class CalendarLink:
    label: str
    url: str


def _utc(moment: datetime, fmt: str) -> str:
    return moment.astimezone(UTC).strftime(fmt)


def calendar_links(appointment: Appointment, *, ics_url: str, manage_url: str) -> list[CalendarLink]:
    title = f"{appointment.service.name} – {settings.CLINIC_NAME}"
    details = f"With {appointment.artist.display_name}. Cancel or change: {manage_url}"
    start, end = appointment.start, appointment.end
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc(start, '%Y%m%dT%H%M%SZ')}/{_utc(end, '%Y%m%dT%H%M%SZ')}",
        "details": details,
        "location": settings.CLINIC_ADDRESS,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": _utc(start, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(end, "%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": settings.CLINIC_ADDRESS,
    }
    return [
        CalendarLink("Google Calendar", "https://calendar.google.com/calendar/render?" + urlencode(google)),
        CalendarLink("Outlook", "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook)),
        CalendarLink("Apple Calendar (.ics)", ics_url),
    ]
