"""What bookings sends through the outbox: the consultation e-mails and the appointment reminders.

Each booking, move, cancellation or outcome calls `sync_appointment_reminders` (and, for a
consultation, `queue_booking_email`) inside its own transaction; `register_kinds` tells the outbox
how to build and when to skip each kind (called from `BookingsConfig.ready()`).
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.links import absolute_url
from outbox import kinds
from outbox.content import Content, clinic_context, standard_email, standard_sms, when
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, converge, open_rows, queue_now
from outbox.timing import grace, leads

from .calendar_links import calendar_links
from .ics import appointment_ics
from .models import Appointment
from .tokens import calendar_file_url, manage_url


class BookingMessage(models.TextChoices):
    # About one version of a consultation (its `sequence`): sent at once.
    CONFIRMED = "booking_confirmed", "Consultation booked"
    MOVED = "booking_moved", "Consultation moved"
    CANCELLED = "booking_cancelled", "Consultation cancelled"
    # Ahead of an appointment, at the configured leads.
    CONSULTATION_REMINDER = "consultation", "Consultation reminder"
    SESSION_REMINDER = "session", "Session reminder"


BOOKING_EMAILS = (BookingMessage.CONFIRMED, BookingMessage.MOVED, BookingMessage.CANCELLED)
APPOINTMENT_REMINDERS = (BookingMessage.CONSULTATION_REMINDER, BookingMessage.SESSION_REMINDER)
SUBJECTS = {
    BookingMessage.CONFIRMED: "Your free consultation is booked",
    BookingMessage.MOVED: "Your consultation has been moved",
    BookingMessage.CANCELLED: "Your consultation has been cancelled",
}


# -- writing the rows ------------------------------------------------------------------------------


def appointment_reminders(appointment: Appointment) -> list[Wanted]:
    """The reminders a booked appointment should have (e-mail at every lead, SMS at the SMS leads)."""
    if appointment.status != Appointment.Status.BOOKED:
        return []
    is_session = appointment.plan_id is not None
    kind = BookingMessage.SESSION_REMINDER if is_session else BookingMessage.CONSULTATION_REMINDER
    hours = settings.REMINDER_SESSION_HOURS if is_session else settings.REMINDER_CONSULTATION_HOURS
    plans = [(lead, Channel.EMAIL) for lead in leads(hours)]
    plans += [(lead, Channel.SMS) for lead in leads(settings.REMINDER_SMS_HOURS)]
    # In UTC: "48 hours before" is real time, also across a clock change (an aware datetime in the
    # clinic's zone would subtract wall-clock hours).
    start = appointment.start.astimezone(UTC)
    return [
        Wanted(kind, channel, start - lead, min(start - lead + grace(), start), appointment.pk, "a")
        for lead, channel in plans
    ]


def sync_appointment_reminders(*, appointment: Appointment, now: datetime | None = None) -> None:
    """Call in the transaction that booked, moved, cancelled or recorded the outcome of `appointment`."""
    now = now or timezone.now()
    current = open_rows(appointment, kinds_=list(APPOINTMENT_REMINDERS))
    note = "moved" if appointment.status == Appointment.Status.BOOKED else f"appointment {appointment.status_label}"
    converge(
        current=current,
        wanted=appointment_reminders(appointment),
        client_id=appointment.client_id,
        now=now,
        note=note.lower(),
    )


def queue_booking_email(*, appointment: Appointment, kind: str, now: datetime | None = None) -> Reminder:
    """Confirmation, move or cancellation e-mail for a consultation, due now; an unsent older one is superseded."""
    now = now or timezone.now()
    expires = max(appointment.start, now) if kind != BookingMessage.CANCELLED else now + timedelta(days=1)
    wanted = Wanted(kind, Channel.EMAIL, now, expires, appointment.pk, "a", version=f"v{appointment.sequence}")
    return queue_now(
        wanted=wanted, client_id=appointment.client_id, supersedes=BOOKING_EMAILS, subject=appointment, now=now
    )


# -- what they say ---------------------------------------------------------------------------------


def build_booking_email(appointment: Appointment, kind: str) -> EmailMultiAlternatives:
    url = manage_url(appointment)
    context = {"appointment": appointment, "kind": kind, "manage_url": url, "book_url": absolute_url("bookings:book")}
    context |= clinic_context() | {"clinic_map_url": settings.CLINIC_MAP_URL}
    context["calendar_links"] = calendar_links(appointment, ics_url=calendar_file_url(appointment), manage_url=url)
    message = EmailMultiAlternatives(
        subject=f"{SUBJECTS[kind]} – {settings.CLINIC_NAME}",
        body=render_to_string("bookings/email/booking.txt", context),
        to=[appointment.client.email],
        reply_to=[settings.CLINIC_EMAIL],
    )
    message.attach_alternative(render_to_string("bookings/email/booking.html", context), "text/html")
    message.attach("consultation.ics", appointment_ics(appointment, manage_url=url), "text/calendar; method=PUBLISH")
    return message


def _reminder_content(reminder: Reminder) -> Content:
    a = reminder.subject
    details = [("When", f"{when(a.start)} (UK time)"), ("With", a.artist.display_name)]
    details.append(("Where", f"{settings.CLINIC_NAME}, {settings.CLINIC_ADDRESS}"))
    if a.plan_id:
        what = f"session {a.session_number} of {a.plan.session_count}"
        lines = [
            f"A reminder of your SMP {what}.",
            "Please come with a clean, dry scalp (shaved as your artist advised) and allow the full time.",
        ]
        portal = absolute_url("portal:home")
        return Content(f"Reminder: your SMP {what}", lines, portal, "View or move my sessions", details)
    lines = ["A reminder of your free consultation.", "Need a different time? You can move or cancel it online."]
    return Content("Reminder: your free consultation", lines, manage_url(a), "Cancel or move my consultation", details)


def _booking_email_skip(reminder: Reminder, now: datetime) -> str:
    appointment = reminder.subject
    if appointment.status != Appointment.Status.BOOKED or not reminder.key.endswith(f":v{appointment.sequence}"):
        return "the appointment has changed since"
    return ""


def _reminder_skip(reminder: Reminder, now: datetime) -> str:
    appointment = reminder.subject
    if appointment.status != Appointment.Status.BOOKED:
        return f"appointment {appointment.status_label.lower()}"
    if appointment.start <= now:
        return "the appointment has started"
    return ""


def register_kinds() -> None:
    related = ("client", "artist", "plan", "service")
    kinds.register(
        *(
            kinds.MessageKind(
                value=kind.value,
                label=kind.label,
                subject_model=Appointment,
                build_email=lambda r: build_booking_email(r.subject, r.kind),
                # A cancellation always goes: it is what the client most needs to know.
                skip_reason=None if kind == BookingMessage.CANCELLED else _booking_email_skip,
                related=related,
            )
            for kind in BOOKING_EMAILS
        ),
        *(
            kinds.MessageKind(
                value=kind.value,
                label=kind.label,
                subject_model=Appointment,
                build_email=lambda r: standard_email(r, _reminder_content(r)),
                build_sms=lambda r: standard_sms(_reminder_content(r)),
                skip_reason=_reminder_skip,
                related=related,
            )
            for kind in APPOINTMENT_REMINDERS
        ),
    )
