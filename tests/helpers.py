"""Plain helpers shared by the test packages (fixtures live in the conftest.py files)."""

import socket
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 30)  # the day the `frozen` fixture stops the clock on
EVERY_DAY = {d: [(time(9), time(18))] for d in range(7)}
PASSWORD = "correct-horse-battery-42"


def london(*args) -> datetime:
    """An aware datetime from clinic wall-clock parts: london(2026, 12, 1, 10, 0)."""
    return datetime(*args, tzinfo=LONDON)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def in_group(user, name: str):
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def user_with(*groups: str, **kwargs):
    """A new user in `groups` (created if missing)."""
    from django.contrib.auth.models import Group

    from tests.clinic.factories import UserFactory

    user = UserFactory(**kwargs)
    user.groups.add(*(Group.objects.get_or_create(name=g)[0] for g in groups))
    return user


def log_in(client, email: str, password: str = PASSWORD, *, ip: str = "10.0.0.1", url: str = "/accounts/login/"):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def schedule_all(plan, starts):
    """Schedule the plan's sessions 1, 2, … at `starts`; their appointments."""
    from bookings.services import schedule_session

    return [schedule_session(plan_id=plan.pk, number=n, start=s).appointment for n, s in enumerate(starts, 1)]


def complete(session):
    from bookings.services import record_outcome

    return record_outcome(appointment_id=session.pk, outcome="completed")


def build_world(client) -> dict:
    """A small clinic around `client` (the `eligible_client` fixture): a plan, a session and a note, a
    consultation, an issued quote, and one user of each kind (manager, staff, assigned and unassigned artist,
    the client, another client)."""
    from bookings.services import add_session_note, book_consultation, create_plan, schedule_session
    from clients.services import ClientDetails
    from clinic.users import roles
    from tests.bookings.factories import ArtistFactory
    from tests.clients.factories import ClientFactory
    from tests.quotes.factories import IssuedQuoteFactory

    client.email, client.phone = "jamie.walsh@example.com", "+447700900123"
    client.date_of_birth, client.address = london(1985, 3, 14, 0, 0).date(), "4 Park Road\nLeeds LS1 2AB"
    client.area_notes = "Scar behind the left ear"
    owner = user_with(roles.CLIENT, email="jamie.walsh@example.com")
    client.user = owner
    client.save()
    artist = ArtistFactory(user=user_with(roles.ARTIST), hours={d: [(time(9), time(18))] for d in range(6)})
    stranger = ArtistFactory(user=user_with(roles.ARTIST))
    plan = create_plan(client=client, artist=artist, treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    note = add_session_note(appointment=session, author=artist.user, pigment_shade="Shade 3", notes="Keloid risk watch")
    consult = book_consultation(
        start=london(2026, 12, 2, 14, 0),
        artist_id=artist.pk,
        client_details=ClientDetails(full_name="Jamie T Walsh", email=client.email, phone="+447700900999"),
    )
    quote = IssuedQuoteFactory(client=client, treatment_type="crown")
    other_user = user_with(roles.CLIENT)
    other = ClientFactory(user=other_user, full_name="Other Person")
    return {
        "client": client,
        "plan": plan,
        "session": session,
        "note": note,
        "consultation": consult,
        "quote": quote,
        "artist": artist,
        "other_client": other,
        "users": {
            "manager": user_with(roles.STAFF, roles.MANAGER),
            "staff": user_with(roles.STAFF),
            "artist": artist.user,
            "other_artist": stranger.user,
            "owner": owner,
            "other_client": other_user,
        },
    }


def text(fragment: str) -> str:
    """An HTML fragment as it reads: entities decoded, whitespace collapsed."""
    import html
    import re

    return html.unescape(re.sub(r"\s+", " ", fragment))


def section(page: str, marker: str) -> str | None:
    """The inside of the <section> whose opening tag contains `marker`; None if the page has none."""
    import re

    match = re.search(rf"<section[^>]*{marker}[^>]*>(.*?)</section>", page, re.S)
    return match.group(1) if match else None


def reminders(subject, *kinds):
    """The outbox rows about `subject` (of `kinds`, or all), by due time and channel."""
    from outbox.models import Reminder

    qs = Reminder.objects.about(subject).order_by("due_at", "channel")
    return list(qs.filter(kind__in=kinds) if kinds else qs)


def summary(rows):
    return [(r.kind, r.channel, r.due_at, r.status) for r in rows]


def free_port() -> int:
    """A loopback port free at the moment of asking, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
