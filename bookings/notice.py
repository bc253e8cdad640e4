"""The one rule for clients moving or cancelling: BookingPolicy.change_notice_hours, checked and worded here.

Every place that tells a client the rule (quote terms, booking confirmation page and e-mail, the manage
page, the portal's move page) takes its sentence from `change_notice_sentence`, and the services that
let a client move or cancel call `check_client_notice`, so what is said is what is enforced.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .errors import NotChangeable
from .models import Appointment, BookingPolicy


def _hours(hours: int) -> str:
    return "1 hour" if hours == 1 else f"{hours} hours"


def change_deadline(appointment: Appointment, *, policy: BookingPolicy | None = None) -> datetime:
    """Until when the client may move or cancel `appointment` online."""
    policy = policy or BookingPolicy.load()
    return appointment.start - timedelta(hours=policy.change_notice_hours)


def is_over_or_cancelled(appointment: Appointment, *, now=None) -> bool:
    """Nothing left to change: cancelled, completed, or already started (whatever the notice)."""
    return appointment.status != Appointment.Status.BOOKED or appointment.start <= (now or timezone.now())


def can_change_online(appointment: Appointment, *, policy: BookingPolicy | None = None, now=None) -> bool:
    """Booked and before the notice deadline; `is_over_or_cancelled` tells "too late" from "nothing to change"."""
    now = now or timezone.now()
    return not is_over_or_cancelled(appointment, now=now) and now <= change_deadline(appointment, policy=policy)


def change_notice_sentence(*, policy: BookingPolicy | None = None) -> str:
    """The rule in words, e.g. "You can move or cancel an appointment online up to 48 hours before it starts; …"."""
    policy = policy or BookingPolicy.load()
    call = f"please call us on {settings.CLINIC_PHONE}"
    if not policy.change_notice_hours:
        return f"You can move or cancel an appointment online until it starts; after that, {call}."
    hours = _hours(policy.change_notice_hours)
    return f"You can move or cancel an appointment online up to {hours} before it starts; with less notice, {call}."


def too_late_message(appointment: Appointment, *, policy: BookingPolicy | None = None, done: str) -> str:
    policy = policy or BookingPolicy.load()
    what = "session" if appointment.plan_id else "consultation"
    if is_over_or_cancelled(appointment):
        return f"This {what} is no longer open to changes online. Please call us on {settings.CLINIC_PHONE}."
    return (
        f"This {what} starts in less than {_hours(policy.change_notice_hours)}, so it can't be {done} online. "
        f"Please call us on {settings.CLINIC_PHONE}."
    )


def check_client_notice(*, appointment: Appointment, policy: BookingPolicy, now: datetime, done: str) -> None:
    """Raise NotChangeable if the client is too late to have `appointment` `done` ("moved", "cancelled") online."""
    if now > change_deadline(appointment, policy=policy):
        raise NotChangeable(too_late_message(appointment, policy=policy, done=done))
