"""A plan completed through the booking services (its final session generating the 30-day schedule and its
reminders), and reading the schedule pages. Used by the aftercare, portal, records and outbox tests."""

import re
from datetime import date, time, timedelta

from django.urls import reverse

from aftercare.models import AftercareSchedule
from aftercare.tokens import make_schedule_token
from bookings.services import create_plan, record_outcome, schedule_session
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london, section, text, user_with

WEEKDAYS = {d: [(time(9), time(18))] for d in range(6)}  # Monday-Saturday
SESSIONS = [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0), london(2027, 1, 5, 9, 0)]
DAY_0 = date(2027, 1, 5)  # the final session: day 0 of the 30-day schedule
FINAL = "30-day aftercare after your final session"
LOGIN = "/accounts/login/"

KEEP_DRY = "Keep your scalp completely dry"
NO_SUN = "No sun on your scalp"
NO_POOLS = "No pools, sauna or steam room"
RINSE = "First gentle rinse"
FLAKING = "Flaking is normal: don't pick"
WASHING = "Back to normal washing"
HEALED = "Healed on top, still settling underneath"
POOLS_OK = "Pools, sauna and steam: from today"
CHECK_IN = "Check-in: is a touch-up needed?"


def on_day(time_machine, day: int, hour: int = 10, minute: int = 0) -> None:
    """Move the clinic clock to `hour:minute` on day `day` of the final schedule."""
    moment = london(DAY_0.year, DAY_0.month, DAY_0.day, hour, minute) + timedelta(days=day)
    time_machine.move_to(moment, tick=False)


def complete_plan(time_machine, plan, starts) -> AftercareSchedule:
    """Schedule the plan's sessions at `starts` (from now), then complete each just after it ends."""
    sessions = [schedule_session(plan_id=plan.pk, number=n, start=s).appointment for n, s in enumerate(starts, 1)]
    for session in sessions:
        time_machine.move_to(session.end + timedelta(minutes=30), tick=False)
        record_outcome(appointment_id=session.pk, outcome="completed")
    return AftercareSchedule.objects.get(plan=plan, purpose="final")


def build_aftercare_world(time_machine, eligible_client) -> dict:
    """`eligible_client`'s plan with an artist, completed at SESSIONS; the users who may or may not see it."""
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    artist = ArtistFactory(user=user_with(roles.ARTIST), hours=WEEKDAYS)
    owner = user_with(roles.CLIENT, email="owner@example.com")
    eligible_client.user = owner
    eligible_client.save()
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="full_head")
    complete_plan(time_machine, plan, SESSIONS)
    other_client_user = user_with(roles.CLIENT)
    ClientFactory(user=other_client_user, full_name="Other Person")
    return {
        "client": eligible_client,
        "plan": plan,
        "artist": artist,
        "schedule": AftercareSchedule.objects.get(plan=plan, purpose="final"),
        "users": {
            "staff": user_with(roles.STAFF),
            "artist": artist.user,
            "other_artist": ArtistFactory(user=user_with(roles.ARTIST)).user,
            "owner": owner,
            "other_client": other_client_user,
        },
    }


def today_titles(page: str) -> list[str]:
    return [text(t) for t in re.findall(r"<strong>(.*?)</strong>", section(page, 'id="today"') or "")]


def upcoming_titles(page: str) -> list[str]:
    return [
        text(t) for t in re.findall(r"<strong>(.*?)</strong>", section(page, 'aria-labelledby="next-heading"') or "")
    ]


def done_titles(page: str) -> list[str]:
    return [text(t) for t in re.findall(r"</span>: (.*?)</li>", section(page, 'aria-labelledby="past-heading"') or "")]


def public_url(schedule) -> str:
    return reverse("aftercare:public_schedule", args=[make_schedule_token(schedule)])
