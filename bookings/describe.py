"""Appointments in a few words, for staff pages and the artist's calendar ("Session 2 of 3 on Tue 8 Dec 10:00")."""

from django.conf import settings

from clinic.clock import to_clinic_time

from .models import Appointment


def what(appointment: Appointment) -> str:
    """ "Session 2 of 3", or the service's name for anything outside a plan ("Free consultation")."""
    return appointment.what


def length(appointment: Appointment) -> str:
    """ "2.5 h", "45 min": how long it is booked for."""
    minutes = round((appointment.end - appointment.start).total_seconds() / 60)
    return f"{minutes / 60:g} h" if minutes >= 60 else f"{minutes} min"


def on(appointment: Appointment) -> str:
    return f"{what(appointment)} on {to_clinic_time(appointment.start):%a %-d %b %H:%M}"


def _lead(reminder, appointment: Appointment) -> str:
    """ "48 h before", when the row's due time is one of the configured leads before the appointment."""
    hours = (appointment.start - reminder.due_at).total_seconds() / 3600
    configured = {*settings.REMINDER_CONSULTATION_HOURS, *settings.REMINDER_SESSION_HOURS, *settings.REMINDER_SMS_HOURS}
    # A row sent before the appointment was moved is no longer a lead before it: say nothing rather than "171 h".
    match = next((h for h in configured if abs(h - hours) < 1 / 60), None)
    return f"{match:g} h before" if match is not None else ""


def describe_reminders(reminders, *, lead_kinds) -> dict[int, str]:
    """{row id: "Session 2 of 3 on Tue 8 Dec 10:00 · 48 h before"} for outbox rows about appointments: one query.

    Rows of `lead_kinds` (the reminders ahead of an appointment) also say their lead.
    """
    appointments = Appointment.objects.select_related("plan", "service").in_bulk({r.subject_id for r in reminders})
    about = {}
    for reminder in reminders:
        appointment = appointments.get(reminder.subject_id)
        if appointment is None:
            continue
        text = on(appointment)
        if reminder.kind in lead_kinds and (lead := _lead(reminder, appointment)):
            text = f"{text} · {lead}"
        about[reminder.pk] = text
    return about
