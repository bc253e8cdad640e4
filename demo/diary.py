"""The demo's diary around today: consultations earlier today (attended), later today and tomorrow (booked),
and a few weeks of past ones (attended, a no-show, a late cancellation), so the staff home, the calendar and
the reports show a working clinic in `make run`.

Past appointments can't be booked through the services (they refuse the past) and booking would e-mail
the demo visitors, so these rows are written directly, each at a fixed time on a day its artist works; a
time already taken is skipped. Re-running on a later day adds that day's and keeps what was there.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bookings.models import Appointment, Artist
from bookings.selectors import consultation_service
from bookings.services.checks import appointment_times, saved_unless_overlap
from clients.models import Client, TreatmentType
from clinic.clock import clinic_tz, local_instant, local_today

Status = Appointment.Status


@dataclass(frozen=True)
class Visit:
    name: str
    phone: str
    concern: str
    days_from_today: int
    at: time
    outcome: str = ""  # for a past visit: attended (default), no_show or cancelled (late)


VISITS = [
    # today and tomorrow: reception's arrivals list
    Visit("Dan Morris", "+447700900101", TreatmentType.HAIRLINE, 0, time(10, 0)),
    Visit("Leah Grant", "+447700900102", TreatmentType.FEMALE_DENSITY, 0, time(11, 30)),
    Visit("Omar Haddad", "+447700900103", TreatmentType.FULL_HEAD, 0, time(14, 0)),
    Visit("Ben Foster", "+447700900104", TreatmentType.CROWN, 0, time(16, 0)),
    Visit("Ruth Evans", "+447700900105", TreatmentType.SCAR, 1, time(13, 30)),
    Visit("Kofi Mensah", "+447700900106", TreatmentType.HAIRLINE, 1, time(15, 0)),
    # the weeks before: what the diary-health report counts
    Visit("Sean Walsh", "+447700900107", TreatmentType.CROWN, -3, time(11, 0)),
    Visit("Mia Clarke", "+447700900108", TreatmentType.FEMALE_DENSITY, -6, time(14, 30), Status.NO_SHOW),
    Visit("Luke Price", "+447700900109", TreatmentType.FULL_HEAD, -9, time(10, 0)),
    Visit("Nadia Ali", "+447700900110", TreatmentType.HAIRLINE, -13, time(15, 30), Status.CANCELLED),
    Visit("Joe Turner", "+447700900111", TreatmentType.CROWN, -20, time(12, 0)),
    Visit("Ella Wood", "+447700900112", TreatmentType.SCAR, -27, time(16, 30)),
]


def _working_artist(day: date, at: time, artists: list[Artist]) -> Artist | None:
    """The first artist whose hours that weekday hold a consultation starting `at`."""
    for artist in artists:
        for hours in artist.working_hours.all():
            if (
                hours.weekday == day.weekday()
                and hours.start_time <= at
                and (datetime.combine(day, at) + timedelta(minutes=45) <= datetime.combine(day, hours.end_time))
            ):
                return artist
    return None


def _workday(day: date, at: time, artists: list[Artist], step: int) -> tuple[date, Artist] | None:
    """`day`, or the nearest day in the direction of `step` (past visits further back) someone works `at`."""
    for _ in range(7):
        if artist := _working_artist(day, at, artists):
            return day, artist
        day += timedelta(days=step)
    return None


def _email(visit: Visit, domain: str) -> str:
    return visit.name.lower().replace(" ", ".") + "@" + domain


def seed_diary(*, domain: str) -> int:
    """Write the visits that are missing; returns how many were added."""
    today, now, tz = local_today(), timezone.now(), clinic_tz()
    service = consultation_service()
    artists = list(Artist.objects.filter(is_active=True).prefetch_related("working_hours").order_by("pk"))
    emails = [_email(visit, domain) for visit in VISITS]
    # Yesterday's visitors came: the demo keeps no appointment without an outcome behind today.
    Appointment.objects.filter(client__email__in=emails, plan__isnull=True, status=Status.BOOKED, end__lte=now).update(
        status=Status.ATTENDED
    )
    added = 0
    for visit in VISITS:
        found = _workday(
            today + timedelta(days=visit.days_from_today), visit.at, artists, -1 if visit.days_from_today < 0 else 1
        )
        if found is None:
            continue
        day, artist = found
        client, _ = Client.objects.get_or_create(
            email=_email(visit, domain),
            defaults={"full_name": visit.name, "phone": visit.phone, "concern": visit.concern, "contact_consent": True},
        )
        start = local_instant(day, visit.at, tz)
        if client.appointments.filter(start__range=(start - timedelta(hours=12), start + timedelta(hours=12))).exists():
            continue  # already seeded (on this or an earlier run)
        end = appointment_times(artist=artist, service=service, start=start)[0]
        status = (visit.outcome or Status.ATTENDED) if end <= now else Status.BOOKED
        # Booked some days ahead, as clients do (the owner's reports measure that lead time); never later than now.
        booked = min(now, start - timedelta(days=3 + abs(visit.days_from_today) % 9, hours=visit.at.hour))
        source = Appointment.Source.ONLINE if visit.days_from_today % 2 else Appointment.Source.STAFF
        if _written(artist, client, start, status=status, source=source, booked=booked):
            added += 1
    return added


def _written(artist: Artist, client: Client, start: datetime, *, status: str, source: str, booked: datetime):
    """A consultation written directly (skipped if its time is taken), booked (its created_at) at `booked`."""
    service = consultation_service()
    end, blocked_until = appointment_times(artist=artist, service=service, start=start)
    appointment = Appointment(
        artist=artist,
        service=service,
        client=client,
        start=start,
        end=end,
        blocked_until=blocked_until,
        status=status,
        source=source,
        booked_name=client.full_name,
        booked_phone=client.phone,
        booked_email=client.email,
        cancelled_at=start - timedelta(hours=20) if status == Status.CANCELLED else None,
    )
    if not saved_unless_overlap(appointment):
        return None
    Appointment.objects.filter(pk=appointment.pk).update(created_at=booked, updated_at=booked)
    return appointment


def seed_first_consultation(client: Client, *, days_ago: int, at: time = time(12, 30)) -> Appointment | None:
    """The free consultation a treatment client came to before their quote and sessions: attended, `days_ago` (or
    the nearest earlier day an artist works `at`), booked five days before it. None if they already have one."""
    service = consultation_service()
    if client.appointments.filter(service=service).exists():
        return None
    artists = list(Artist.objects.filter(is_active=True).prefetch_related("working_hours").order_by("pk"))
    found = _workday(local_today() - timedelta(days=days_ago), at, artists, -1)
    if found is None:
        return None
    day, artist = found
    start = local_instant(day, at, clinic_tz())
    return _written(
        artist,
        client,
        start,
        status=Status.ATTENDED,
        source=Appointment.Source.ONLINE,
        booked=start - timedelta(days=5),
    )
