"""A day's appointments as the front desk and the artists need them: what each is, and what needs doing.

Six queries whatever the number of appointments: the appointments, the clients' latest screenings, the
screenings linked to these consultations, current consents, earlier visits, and the last session notes; plus
the flag providers' own constant number (bookings/flags.py: the intake's state, deposits, photos, …).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils.timezone import localtime

from bookings.flags import Flag, flags_for
from bookings.models import ACTIVE_STATUSES, Appointment, Service, SessionNote
from clients.consent.selectors import clients_with_current_consent
from clients.models import Screening
from clients.phone import display_phone
from clients.screening_rules import Outcome
from clinic.clock import clinic_tz, local_instant
from clinic.links import link_maker


@dataclass
class DayRow:
    appointment: Appointment
    what: str
    needs: list[str] = field(default_factory=list)
    last_notes: SessionNote | None = None
    flags: list[Flag] = field(default_factory=list)  # what the apps above say (bookings/flags.py): the deposit
    url: str = ""  # the appointment's page
    client_url: str = ""  # the client's record
    outcome_url: str = ""  # where arrived/completed or no-show is posted
    phone: str = ""  # the client's number as it is read out (07911 123456)
    starts: str = ""  # "09:30", the clinic's time
    ends: str = ""

    @property
    def outcome_open(self) -> bool:
        """Booked and begun: arrived/completed or no-show can be recorded."""
        return self.appointment.status == Appointment.Status.BOOKED


def day_rows(*, day: date, artist=None) -> list[DayRow]:
    """Every live appointment of the local `day` in time order (one artist's if given)."""
    tz = clinic_tz()
    start = local_instant(day, datetime.min.time(), tz)
    end = local_instant(day + timedelta(days=1), datetime.min.time(), tz)
    qs = (
        Appointment.objects.filter(start__gte=start, start__lt=end, status__in=ACTIVE_STATUSES)
        .select_related("client", "artist", "service", "plan")
        .order_by("start", "artist__display_name")
    )
    if artist is not None:
        qs = qs.filter(artist=artist)
    appointments = list(qs)
    if not appointments:
        return []
    client_ids = {a.client_id for a in appointments}
    consultation_ids = [a.pk for a in appointments if a.service.slug == Service.CONSULTATION]
    latest = {
        s.client_id: s
        for s in Screening.objects.filter(client_id__in=client_ids)
        .order_by("client_id", "-recorded_at", "-pk")
        .distinct("client_id")
    }
    screened = set(
        Screening.objects.filter(consultation_id__in=consultation_ids).values_list("consultation_id", flat=True)
    )
    consented = clients_with_current_consent(client_ids)
    seen_before = set(
        Appointment.objects.filter(
            client_id__in=client_ids, start__lt=start, status=Appointment.Status.ATTENDED
        ).values_list("client_id", flat=True)
    )
    notes = _last_notes([a for a in appointments if a.plan_id and a.session_number > 1])
    flags = flags_for(appointments, viewer=artist.user if artist else None)
    appointment_url, client_url = link_maker("bookings:appointment"), link_maker("records:client")
    outcome_url = link_maker("bookings:appointment_outcome")
    return [
        DayRow(
            appointment=a,
            what=a.what,
            needs=_needs(
                a, latest.get(a.client_id), a.pk in screened, a.client_id in consented, a.client_id in seen_before
            ),
            last_notes=notes.get(a.pk),
            flags=flags.get(a.pk, []),
            url=appointment_url(a.pk),
            client_url=client_url(a.client_id),
            outcome_url=outcome_url(a.pk),
            phone=display_phone(a.client.phone),
            starts=f"{localtime(a.start):%H:%M}",
            ends=f"{localtime(a.end):%H:%M}",
        )
        for a in appointments
    ]


def _needs(appointment, screening, screened: bool, consented: bool, seen_before: bool) -> list[str]:
    needs = []
    if not seen_before:
        needs.append("First visit")
    if not appointment.plan_id:
        if not screened:
            needs.append("Screening to record")
        return needs
    if screening is None or screening.outcome == Outcome.NOT_ELIGIBLE:
        needs.append("Screening: not eligible" if screening else "No screening recorded")
    elif screening.outcome == Outcome.POSTPONED:
        needs.append("Screening: treatment postponed")
    elif screening.outcome == Outcome.ELIGIBLE_AFTER_GP_LETTER and not screening.gp_letter_received_on:
        needs.append("GP letter awaited")
    if not consented:
        needs.append("Consent to sign")
    return needs


def _last_notes(sessions: list[Appointment]) -> dict[int, SessionNote]:
    """For each session after the first, the latest note of the plan's previous session (one query)."""
    if not sessions:
        return {}
    wanted = Q()
    for s in sessions:
        wanted |= Q(appointment__plan_id=s.plan_id, appointment__session_number=s.session_number - 1)
    by_plan_number = {}
    for note in (
        SessionNote.objects.filter(wanted)
        .select_related("appointment")
        .order_by("appointment__plan_id", "appointment__session_number", "-created_at")
    ):
        by_plan_number.setdefault((note.appointment.plan_id, note.appointment.session_number), note)
    return {
        s.pk: by_plan_number[(s.plan_id, s.session_number - 1)]
        for s in sessions
        if (s.plan_id, s.session_number - 1) in by_plan_number
    }
