"""Reads about clients: search, eligibility and the timeline, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import Client, ClientConsent, ConsentText, Screening
from .screening_rules import Outcome


def search_clients(*, query: str = "", visible_to=None) -> QuerySet[Client]:
    """Name, e-mail or phone contains the query (trigram-indexed); `visible_to` limits to an artist's clients.

    Top-level only: the no-show count names the client table itself (not usable as a subquery)."""
    qs = Client.objects.annotate(no_shows=_no_shows()).order_by("full_name", "pk")
    query = " ".join(query.split())
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(full_name__icontains=query) | Q(email__icontains=query)
        if len(digits) >= 4:
            # Phones are stored as E.164 (+447911…); a typed 07911… matches on its national part.
            match |= Q(phone__icontains=digits.removeprefix("0"))
        qs = qs.filter(match)
    if visible_to is not None:
        qs = qs.linked_to(visible_to)
    return qs


def _no_shows() -> RawSQL:
    # A subquery per client shown, not a join over every match: the page's count leaves it out, and the page
    # reads it for its 25 rows only. Written as SQL: the ORM's Subquery cost a fifth of the search's Python to
    # build and compile (profiled, issue 16). The appointments are the app above's, reached through the
    # relation it declares (clients imports nothing of bookings); names from the models' _meta.
    appointments = Client._meta.get_field("appointments")
    table, client = appointments.related_model._meta.db_table, appointments.field.column
    return RawSQL(  # noqa: S611 (no input in it: names from _meta, the status a parameter)
        f'SELECT count(*) FROM "{table}" a WHERE a."{client}" = "{Client._meta.db_table}"."id" AND a."status" = %s',  # noqa: S608
        ["no_show"],
        output_field=IntegerField(),
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
        problems.append('Waiting for the GP letter: record the date it arrived under "Ready for treatment?".')
    if consent is None:
        version = f" (version {current.version})" if current else ""
        problems.append(f"The client has not confirmed the current consent{version}.")
    return Eligibility(screening=screening, consent=consent, current_consent=current, problems=problems)
