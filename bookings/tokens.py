"""Signed manage links (/bookings/<token>/): no account needed, unguessable, tamper-evident."""

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from clinic.links import absolute_url

from .models import Appointment

_SALT = "bookings.manage-link"
# The link keeps working for a little while after the appointment ends, then 404s.
VALID_AFTER_END = timedelta(hours=1)


def make_manage_token(appointment: Appointment) -> str:
    return signing.Signer(salt=_SALT).sign(str(appointment.public_id))


def appointment_for_token(token: str) -> Appointment | None:
    """The appointment a token names, or None if it is forged, unknown or expired."""
    try:
        public_id = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    appointment = Appointment.objects.select_related("artist", "client", "service").filter(public_id=public_id).first()
    if appointment is None or appointment.end + VALID_AFTER_END < timezone.now():
        return None
    return appointment


def manage_url(appointment: Appointment) -> str:
    return absolute_url("bookings:manage", make_manage_token(appointment))


def calendar_file_url(appointment: Appointment) -> str:
    """The consultation's .ics behind the same signed token (Apple Calendar and others open it)."""
    return absolute_url("bookings:calendar_file", make_manage_token(appointment))
