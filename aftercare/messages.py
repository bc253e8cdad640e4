"""What each reminder says: subject, lines, one link; rendered to e-mail (HTML + text) or SMS."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.emails import build_booking_email, manage_url
from quotes.tokens import make_quote_token

from .models import BOOKING_EMAIL_KINDS, Reminder
from .tokens import schedule_url

Kind = Reminder.Kind
BOOKING_EMAILS = {kind: name for name, kind in BOOKING_EMAIL_KINDS.items()}


@dataclass(frozen=True)
class Content:
    subject: str
    lines: list[str]
    link_url: str
    link_label: str
    details: list[tuple[str, str]] = field(default_factory=list)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%A %-d %B %Y at %H:%M")


def _site(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _appointment(reminder: Reminder) -> Content:
    a = reminder.appointment
    details = [("When", f"{_when(a.start)} (UK time)"), ("With", a.artist.display_name)]
    details.append(("Where", f"{settings.CLINIC_NAME}, {settings.CLINIC_ADDRESS}"))
    if a.plan_id:
        what = f"session {a.session_number} of {a.plan.session_count}"
        lines = [
            f"A reminder of your SMP {what}.",
            "Please come with a clean, dry scalp (shaved as your artist advised) and allow the full time.",
        ]
        return Content(
            f"Reminder: your SMP {what}", lines, _site("clients:portal"), "View or move my sessions", details
        )
    lines = ["A reminder of your free consultation.", "Need a different time? You can move or cancel it online."]
    return Content("Reminder: your free consultation", lines, manage_url(a), "Cancel or move my consultation", details)


def _aftercare(reminder: Reminder) -> Content:
    step, schedule = reminder.step, reminder.schedule
    if reminder.kind == Kind.CHECK_IN:
        lines = [
            "It is 30 days since your final session: your scalp has healed.",
            "How does it look? If anything needs a touch-up, reply to this e-mail or call us to book a check.",
            step.instructions,
        ]
        return Content("Your 30-day check-in", lines, schedule_url(schedule), "See your aftercare")
    days = f"day {step.day}" if step.last_day == step.day else f"days {step.day}–{step.last_day}"
    lines = [f"Aftercare, {days}: {step.title}.", step.instructions]
    return Content(f"Aftercare: {step.title}", lines, schedule_url(schedule), "See your full aftercare schedule")


def _top_up(reminder: Reminder) -> Content:
    lines = [
        "It has been a while since your scalp micropigmentation was completed.",
        "Pigment softens over time, faster with sun. A quick check tells you whether a top-up would help.",
    ]
    return Content("Time for a top-up check?", lines, _site("bookings:book"), "Book a free check")


def _quote(reminder: Reminder) -> Content:
    q = reminder.quote
    lines = [
        f"Your quote {q.number} for £{q.total:,.2f} is valid until {q.valid_until:%-d %B %Y}.",
        "If you would like to go ahead, you can accept it online before then; questions are welcome.",
    ]
    return Content(
        f"Your quote {q.number} expires soon", lines, _site("quotes:client_quote", make_quote_token(q)), "View my quote"
    )


BUILDERS = {
    Kind.CONSULTATION: _appointment,
    Kind.SESSION: _appointment,
    Kind.AFTERCARE_STEP: _aftercare,
    Kind.CHECK_IN: _aftercare,
    Kind.TOP_UP: _top_up,
    Kind.QUOTE_EXPIRING: _quote,
}


def message_id(reminder: Reminder) -> str:
    """Stable across attempts, so a mail client shows a repeated delivery as one message."""
    domain = settings.CLINIC_EMAIL.rpartition("@")[2] or "clinic.invalid"
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:12]  # short: long headers get folded
    return f"<reminder-{reminder.pk}.{digest}@{domain}>"


def build_email(reminder: Reminder) -> EmailMultiAlternatives:
    if reminder.kind in BOOKING_EMAILS:
        message = build_booking_email(reminder.appointment, BOOKING_EMAILS[reminder.kind])
    else:
        content = BUILDERS[reminder.kind](reminder)
        context = {"content": content, "client": reminder.client, "clinic_name": settings.CLINIC_NAME}
        context |= {"clinic_address": settings.CLINIC_ADDRESS, "clinic_phone": settings.CLINIC_PHONE}
        message = EmailMultiAlternatives(
            # The clinic's name is in From; an ASCII subject also skips the costly encoded-word header.
            subject=content.subject,
            body=render_to_string("aftercare/email/reminder.txt", context),
            to=[reminder.client.email],
            reply_to=[settings.CLINIC_EMAIL],
        )
        message.attach_alternative(render_to_string("aftercare/email/reminder.html", context), "text/html")
    message.extra_headers["Message-ID"] = message_id(reminder)
    return message


def build_sms(reminder: Reminder) -> str:
    content = BUILDERS[reminder.kind](reminder)
    when = dict(content.details).get("When", "")
    return f"{settings.CLINIC_NAME}: {content.subject}. {when}. {content.link_url}".replace(". .", ".")
