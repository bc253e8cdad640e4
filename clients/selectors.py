"""Reads about clients: search, eligibility and the timeline, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from .models import Client, ClientConsent, ConsentText, Screening
from .screening_rules import Outcome


def search_clients(*, query: str = "", visible_to=None) -> QuerySet[Client]:
    """Name, e-mail or phone contains the query (trigram-indexed); `visible_to` limits to an artist's clients."""
    qs = Client.objects.annotate(
        no_shows=Count("appointments", filter=Q(appointments__status="no_show"), distinct=True)
    ).order_by("full_name", "pk")
    query = " ".join(query.split())
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(full_name__icontains=query) | Q(email__icontains=query)
        if len(digits) >= 4:
            # Phones are stored as E.164 (+447911…); a typed 07911… matches on its national part.
            match |= Q(phone__icontains=digits.removeprefix("0"))
        qs = qs.filter(match)
    if visible_to is not None:
        qs = qs.filter(pk__in=visible_client_ids(visible_to))
    return qs


def visible_client_ids(artist):
    """Clients an artist may see: those with an appointment or a plan with them."""
    from bookings.models import Appointment, TreatmentPlan

    return (
        Appointment.objects.filter(artist=artist)
        .values("client_id")
        .union(TreatmentPlan.objects.filter(artist=artist).values("client_id"))
    )


@dataclass(frozen=True)
class Eligibility:
    screening: Screening | None
    consent: ClientConsent | None
    current_consent: ConsentText | None
    problems: list[str]

    @property
    def can_schedule(self) -> bool:
        return not self.problems


def eligibility(*, client: Client) -> Eligibility:
    """Whether treatment sessions may be scheduled, and if not, every reason why."""
    screening = client.screenings.select_related("recorded_by").first()
    current = ConsentText.objects.filter(is_current=True).first()
    consent = client.consents.filter(consent_text=current).first() if current else None
    problems = []
    if screening is None:
        problems.append("No screening recorded yet: complete the consultation questionnaire.")
    elif screening.outcome == Outcome.NOT_ELIGIBLE:
        problems.append("Screening outcome: not eligible for SMP.")
    elif screening.outcome == Outcome.POSTPONED:
        until = f" until {screening.postpone_until:%-d %B %Y}" if screening.postpone_until else ""
        problems.append(f"Treatment is postponed{until}; record a new screening then.")
    elif screening.outcome == Outcome.ELIGIBLE_AFTER_GP_LETTER and not screening.gp_letter_received_on:
        problems.append("Waiting for the GP letter: record the date it arrived in a new screening.")
    if consent is None:
        version = f" (version {current.version})" if current else ""
        problems.append(f"The client has not confirmed the current consent{version}.")
    return Eligibility(screening=screening, consent=consent, current_consent=current, problems=problems)


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # consultation, session, screening, consent, plan, note, quote, aftercare
    title: str
    detail: str
    obj: object


def client_timeline(*, client: Client) -> list[TimelineEntry]:
    """Everything that happened to a client, oldest first; one query per kind of record."""
    entries = []
    for a in client.appointments.select_related("artist", "service", "plan").order_by("start"):
        kind = "session" if a.plan_id else "consultation"
        title = f"Session {a.session_number} of {a.plan.session_count}" if a.plan_id else a.service.name
        entries.append(TimelineEntry(a.start, kind, title, f"{a.status_label} · with {a.artist.display_name}", a))
    for s in client.screenings.select_related("recorded_by"):
        reasons = ", ".join(q.text for q in s.reasons) or "no contraindications"
        entries.append(TimelineEntry(s.recorded_at, "screening", f"Screening: {s.get_outcome_display()}", reasons, s))
    for c in client.consents.select_related("consent_text"):
        entries.append(
            TimelineEntry(c.signed_at, "consent", f"Consent v{c.consent_text.version} confirmed", c.typed_name, c)
        )
    for p in client.plans.select_related("artist"):
        entries.append(
            TimelineEntry(
                p.created_at,
                "plan",
                f"Plan: {p.get_treatment_type_display()}, {p.session_count} sessions",
                f"{p.get_status_display()} · with {p.artist.display_name}",
                p,
            )
        )
    for q in client.quotes.all():
        label = q.number or "Draft quote"
        detail = f"{q.get_status_display()} · total £{q.total:,.2f}"
        entries.append(TimelineEntry(q.issued_at or q.created_at, "quote", f"Quote {label}", detail, q))
    for a in client.aftercare_schedules.all():
        detail = f"Day 0 {a.starts_on:%d %b %Y} → day {(a.ends_on - a.starts_on).days} {a.ends_on:%d %b %Y}"
        if a.top_up_due_on:
            detail += f" · top-up reminder {a.top_up_due_on:%b %Y}"
        entries.append(TimelineEntry(a.created_at, "aftercare", f"Aftercare: {a.template_name}", detail, a))
    for n in client.notes.select_related("author"):
        entries.append(TimelineEntry(n.created_at, "note", f"Note by {n.author or 'staff'}", n.body, n))
    entries.sort(key=lambda e: e.when)
    return entries
