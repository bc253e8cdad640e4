"""What bookings sends through the outbox: the change e-mails and the appointment reminders.

Each booking, move, cancellation or outcome calls `sync_appointment_reminders` and `queue_change_email`
(a consultation booked, moved or cancelled; a treatment session scheduled, moved or cancelled) inside its
own transaction; `register_kinds` tells the outbox how to build and when to skip each kind (called from
`BookingsConfig.ready()`).
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.links import absolute_url
from clinic.plurals import count
from outbox import kinds
from outbox.content import Content, clinic_context, standard_email, standard_sms, when
from outbox.models import Channel, Reminder
from outbox.services.rows import Wanted, converge, open_rows, queue_now
from outbox.timing import grace, leads

from .calendar_links import calendar_links
from .describe import describe_reminders
from .ics import appointment_ics
from .models import Appointment
from .next_steps import next_steps_for
from .session_words import words_for
from .tokens import calendar_file_url, manage_url


class BookingMessage(models.TextChoices):
    # About one version of a consultation (its `sequence`): sent at once.
    CONFIRMED = "booking_confirmed", "Consultation booked"
    MOVED = "booking_moved", "Consultation moved"
    CANCELLED = "booking_cancelled", "Consultation cancelled"
    # About one version of a treatment session: sent at once.
    SESSION_SCHEDULED = "session_scheduled", "Session scheduled"
    SESSION_MOVED = "session_moved", "Session moved"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    # Ahead of an appointment, at the configured leads.
    CONSULTATION_REMINDER = "consultation", "Consultation reminder"
    SESSION_REMINDER = "session", "Session reminder"


BOOKING_EMAILS = (BookingMessage.CONFIRMED, BookingMessage.MOVED, BookingMessage.CANCELLED)
SESSION_EMAILS = (BookingMessage.SESSION_SCHEDULED, BookingMessage.SESSION_MOVED, BookingMessage.SESSION_CANCELLED)
CHANGE_EMAILS = BOOKING_EMAILS + SESSION_EMAILS
# change -> (consultation kind, session kind)
_CHANGE_KINDS = {"booked": (BOOKING_EMAILS[0], SESSION_EMAILS[0]), "moved": (BOOKING_EMAILS[1], SESSION_EMAILS[1])}
_CHANGE_KINDS["cancelled"] = (BOOKING_EMAILS[2], SESSION_EMAILS[2])
APPOINTMENT_REMINDERS = (BookingMessage.CONSULTATION_REMINDER, BookingMessage.SESSION_REMINDER)
SUBJECTS = {
    BookingMessage.CONFIRMED: "Your free consultation is booked",
    BookingMessage.MOVED: "Your consultation has been moved",
    BookingMessage.CANCELLED: "Your consultation has been cancelled",
    BookingMessage.SESSION_SCHEDULED: "Your SMP session {n} is booked",
    BookingMessage.SESSION_MOVED: "Your SMP session {n} has been moved",
    BookingMessage.SESSION_CANCELLED: "Your SMP session {n} has been cancelled",
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


def remember_told_time(appointment: Appointment) -> None:
    """Call under the appointment's lock before moving it: keeps the time the client was last told.

    An open change e-mail (not out yet) is about to be superseded, so the client never heard of the
    current time: the one before it stays the old time of the "moved" e-mail.
    """
    unsent = open_rows(appointment, kinds_=list(CHANGE_EMAILS))
    if not (unsent and appointment.previous_start):
        appointment.previous_start = appointment.start


def queue_change_email(*, appointment: Appointment, change: str, now: datetime | None = None) -> Reminder:
    """The e-mail (with its calendar file) telling the client an appointment was booked, moved or cancelled.

    Due now, one per version of the appointment (its `sequence`), so writing it twice writes one row;
    an older one not yet out is superseded (moved twice quickly: one "moved" e-mail, from the time
    the client was last told, see `remember_told_time`).
    """
    now = now or timezone.now()
    kind = _CHANGE_KINDS[change][1 if appointment.is_session else 0]
    expires = max(appointment.start, now) if change != "cancelled" else now + timedelta(days=1)
    wanted = Wanted(kind, Channel.EMAIL, now, expires, appointment.pk, "a", version=f"v{appointment.sequence}")
    return queue_now(
        wanted=wanted, client_id=appointment.client_id, supersedes=CHANGE_EMAILS, subject=appointment, now=now
    )


# -- what they say ---------------------------------------------------------------------------------


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = [count(hours, "hour")] if hours else []
    return " ".join(parts + ([count(rest, "minute")] if rest or not hours else []))


def build_booking_email(appointment: Appointment, kind: str) -> EmailMultiAlternatives:
    is_session = kind in SESSION_EMAILS
    url = absolute_url("portal:home") if is_session else manage_url(appointment)
    context = {
        "appointment": appointment,
        "kind": kind,
        "change": next(c for c, pair in _CHANGE_KINDS.items() if kind in pair),
        "manage_url": url,
        "book_url": absolute_url("bookings:book"),
        "length": _length(appointment.service.duration_minutes),
    }
    context |= clinic_context()
    template = "session" if is_session else "booking"
    if is_session:  # the apps above: the cancellation policy, a deposit hold (bookings/session_words.py)
        context["session_words"] = words_for(appointment, change=context["change"])
    context["clinic_map_url"] = settings.CLINIC_MAP_URL
    if not is_session:  # a consultation's own calendar file sits behind its manage link
        context["calendar_links"] = calendar_links(appointment, ics_url=calendar_file_url(appointment), manage_url=url)
        if kind != BookingMessage.CANCELLED:
            context["next_steps"] = next_steps_for(appointment)  # e.g. the online intake (apps above say)
    message = EmailMultiAlternatives(
        subject=f"{SUBJECTS[kind].format(n=appointment.session_number)} – {settings.CLINIC_NAME}",
        body=render_to_string(f"bookings/email/{template}.txt", context),
        to=[appointment.client.email],
        reply_to=[settings.CLINIC_EMAIL],
    )
    message.attach_alternative(render_to_string(f"bookings/email/{template}.html", context), "text/html")
    # A cancellation's file says METHOD:CANCEL, so calendar apps remove the event (same UID, higher SEQUENCE).
    method = "CANCEL" if appointment.status == Appointment.Status.CANCELLED else "PUBLISH"
    ics = appointment_ics(appointment, manage_url=url)
    message.attach(f"{'session' if is_session else 'consultation'}.ics", ics, f"text/calendar; method={method}")
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


def _describe(reminders) -> dict[int, str]:
    return describe_reminders(reminders, lead_kinds=APPOINTMENT_REMINDERS)


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
                skip_reason=None if kind in _CHANGE_KINDS["cancelled"] else _booking_email_skip,
                related=related,
                describe=_describe,
            )
            for kind in CHANGE_EMAILS
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
                describe=_describe,
            )
            for kind in APPOINTMENT_REMINDERS
        ),
    )
