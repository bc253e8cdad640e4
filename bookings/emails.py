"""Booking e-mails: plain text + HTML, with the calendar file attached."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .calendar import appointment_ics
from .models import Appointment
from .tokens import make_manage_token

SUBJECTS = {
    "confirmation": "Your free consultation is booked",
    "rescheduled": "Your consultation has been moved",
    "cancellation": "Your consultation has been cancelled",
}


def manage_url(appointment: Appointment) -> str:
    return settings.SITE_URL + reverse("bookings:manage", args=[make_manage_token(appointment)])


def build_booking_email(appointment: Appointment, kind: str) -> EmailMultiAlternatives:
    url = manage_url(appointment)
    context = {
        "appointment": appointment,
        "kind": kind,
        "manage_url": url,
        "book_url": settings.SITE_URL + reverse("bookings:book"),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    message = EmailMultiAlternatives(
        subject=f"{SUBJECTS[kind]} – {settings.CLINIC_NAME}",
        body=render_to_string("bookings/email/booking.txt", context),
        to=[appointment.client.email],
        reply_to=[settings.CLINIC_EMAIL],
    )
    message.attach_alternative(render_to_string("bookings/email/booking.html", context), "text/html")
    message.attach("consultation.ics", appointment_ics(appointment, manage_url=url), "text/calendar; method=PUBLISH")
    return message
