"""The client's timeline: every record of every app about them, in order."""

from dataclasses import dataclass
from datetime import datetime

from clients.models import Client
from clinic.money import format_gbp


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
            TimelineEntry(
                c.signed_at,
                "consent",
                f"Consent v{c.consent_text.version} {'signed' if c.pdf else 'confirmed'}",
                c.typed_name,
                c,
            )
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
        detail = f"{q.get_status_display()} · total {format_gbp(q.total)}"
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
