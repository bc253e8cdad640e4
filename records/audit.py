"""Reads of the audit trail (django-simple-history rows), field by field, in a fixed number of queries.

Seven history tables and the payments ledger (append-only: its rows are their own trail) are read as one
UNION ordered by time, so a page is a LIMIT/OFFSET on it. The
rows of a page are then fetched per table with the id of each row's previous version (a subquery),
and those previous versions in one more query per table, and the rows changed relations point at in
one query per related model (so "Artist: Sam Okafor → Alex Reid", not "#2 → #3"): a fixed number of
queries, whatever the data holds.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value, prefetch_related_objects
from django.db.models.fields import CharField
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from bookings.models import Appointment, Service, SessionNote, TreatmentPlan
from clients.models import Client, PatchTest, Screening
from clinic.audit import readable_reason
from clinic.clock import to_clinic_time
from clinic.money import format_gbp
from clinic.users.roles import role_label
from payments.models import LedgerEntry
from quotes.models import Quote

# kind → (model, label); the order is the order of the filter's choices.
TRACKED = {
    "client": (Client, "Client record"),
    "screening": (Screening, "Screening"),
    "plan": (TreatmentPlan, "Treatment plan"),
    "appointment": (Appointment, "Appointment"),
    "session_note": (SessionNote, "Session note"),
    "quote": (Quote, "Quote"),
    "patch_test": (PatchTest, "Patch test"),
}
# Money has no history table: the ledger is append-only, so its rows are the trail (payments/models.py).
LEDGER, LEDGER_LABEL = "ledger", "Payment or refund"
KIND_CHOICES = [(kind, label) for kind, (_, label) in TRACKED.items()] + [(LEDGER, LEDGER_LABEL)]
# The row machinery, not what happened: ids, the calendar-file sequence, the gapless quote counter, timestamps the
# "When" column already shows, the buffer end (derived from the end) and the time the client was last told.
HIDDEN_FIELDS = {
    "id",
    "public_id",
    "created_at",
    "updated_at",
    "recorded_at",
    "sequence",
    "year",
    "blocked_until",
    "previous_start",
    "pdf_sha256",
}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_model(kind: str):
    return TRACKED[kind][0].history.model


def client_filter(kind: str, client_id: int) -> Q:
    if kind == "client":
        return Q(id=client_id)
    if kind == "session_note":
        return Q(appointment_id__in=Appointment.objects.filter(client_id=client_id).values("pk"))
    return Q(client_id=client_id)


def audit_rows(
    *,
    client_id: int | None = None,
    kind: str = "",
    user_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet:
    """(history_date, history_id, record) of every matching history row and ledger entry, newest first: page it,
    then `describe` ("record" is the kind of row: "client", "quote", … "ledger")."""
    tz = timezone.get_current_timezone()
    parts = []
    if kind in ("", LEDGER):
        parts.append(_ledger_rows(client_id=client_id, user_id=user_id, since=since, until=until, tz=tz))
    names = [kind] if kind in TRACKED else [] if kind else list(TRACKED)
    for name in names:
        qs = history_model(name).objects.all()
        if client_id is not None:
            qs = qs.filter(client_filter(name, client_id))
        if user_id is not None:
            qs = qs.filter(history_user_id=user_id)
        if since is not None:
            qs = qs.filter(history_date__gte=datetime.combine(since, time(), tzinfo=tz))
        if until is not None:
            qs = qs.filter(history_date__lt=datetime.combine(until, time(), tzinfo=tz) + timedelta(days=1))
        parts.append(
            qs.annotate(record=Value(name, output_field=CharField())).values("history_date", "history_id", "record")
        )
    first, *rest = parts
    return (first.union(*rest, all=True) if rest else first).order_by("-history_date", "-history_id")


def _ledger_rows(*, client_id, user_id, since, until, tz) -> QuerySet:
    """Ledger entries shaped like history rows (history_date, history_id, record) for the union."""
    qs = LedgerEntry.objects.all()
    if client_id is not None:
        qs = qs.filter(quote__client_id=client_id)
    if user_id is not None:
        qs = qs.filter(recorded_by_id=user_id)
    if since is not None:
        qs = qs.filter(recorded_at__gte=datetime.combine(since, time(), tzinfo=tz))
    if until is not None:
        qs = qs.filter(recorded_at__lt=datetime.combine(until, time(), tzinfo=tz) + timedelta(days=1))
    return qs.annotate(
        history_date=F("recorded_at"), history_id=F("pk"), record=Value(LEDGER, output_field=CharField())
    ).values("history_date", "history_id", "record")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: datetime
    kind: str
    label: str
    object_id: int
    action: str
    user: object
    reason: str
    client_id: int | None
    changes: list[Change] = field(default_factory=list)
    title: str = ""  # "Session 2, 8 Dec 2026 10:00", "Quote Q-2026-0004": what the row is, without its id
    client_name: str = ""

    @property
    def who(self) -> str:
        """ "Reception: Ann Lee" (the user's groups prefetched), or "" when no one was signed in."""
        return f"{role_label(self.user)}: {self.user}" if self.user else ""

    @property
    def client_url(self) -> str:
        return reverse("records:client_audit", args=[self.client_id]) if self.client_id else ""


def _previous(model) -> Subquery:
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    return Subquery(
        model.objects.filter(earlier, id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def _show(model_field, value, names: dict | None = None) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{to_clinic_time(value):%-d %b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %b %Y}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {'yes' if v is True else 'no' if v is False else v}" for k, v in value.items()) or "—"
    if model_field.is_relation:
        # Who or what the row pointed at, by name; "#id" only for something since deleted.
        return (names or {}).get((model_field.related_model, value)) or f"#{value}"
    return str(value)


def _changed_fields(model, row, prev):
    for f in model.tracked_fields:
        if f.name in HIDDEN_FIELDS:
            continue
        new = getattr(row, f.attname)
        old = getattr(prev, f.attname) if prev is not None else None
        if prev is None and row.history_type == "-":
            continue
        if old != new and not (prev is None and new in (None, "", {})):
            yield f, old, new


def _related_names(pairs) -> dict:
    """{(model, pk): str(object)} for the related rows changes point at: one query per related model."""
    wanted: dict = {}
    for model_field, old, new in pairs:
        if model_field.is_relation:
            wanted.setdefault(model_field.related_model, set()).update(v for v in (old, new) if v not in (None, ""))
    # People by their name alone (a client's str() adds their e-mail address).
    return {
        (model, pk): getattr(obj, "full_name", "") or str(obj)
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }


def _changes(model, row, prev, names: dict | None = None) -> list[Change]:
    return [
        Change(capfirst(f.verbose_name), _show(f, old, names), _show(f, new, names))
        for f, old, new in _changed_fields(model, row, prev)
    ]


def _title(kind: str, row, services: dict) -> str:
    """What a history row is about, from its own fields (the services fetched once per page)."""
    if kind == "appointment":
        service = services.get(row.service_id)
        what = f"Session {row.session_number}" if row.plan_id else (service.name if service else "Appointment")
        return f"{what}, {to_clinic_time(row.start):%-d %b %Y %H:%M}"
    if kind == "plan":
        return f"Treatment plan ({row.get_treatment_type_display()})"
    if kind == "quote":
        return f"Quote {row.number}" if row.number else "Quote (draft)"
    return TRACKED[kind][1]


def _ledger_entries(ids: list[int]) -> dict:
    """{("ledger", id): AuditEntry} for ledger entries: what was recorded, by whom, why (two queries)."""
    entries = list(
        LedgerEntry.objects.filter(pk__in=ids).select_related(
            "quote__client", "recorded_by", "receipt", "refunds__receipt"
        )
    )
    prefetch_related_objects([e.recorded_by for e in entries if e.recorded_by], "groups")
    found = {}
    for e in entries:
        receipt = getattr(e, "receipt", None)
        refunded = getattr(e.refunds, "receipt", None) if e.refunds_id else None
        changes = [Change("Amount", "—", format_gbp(e.amount))]
        if e.method != "none":
            changes.append(Change("Method", "—", e.get_method_display()))
        if e.reference:
            changes.append(Change("Reference", "—", e.reference))
        if refunded is not None:
            changes.append(Change("Refunds", "—", refunded.number))
        title = f"{e.get_kind_display()} on quote {e.quote.number}" + (f" ({receipt.number})" if receipt else "")
        found[LEDGER, e.pk] = AuditEntry(
            when=e.recorded_at,
            kind=LEDGER,
            label=LEDGER_LABEL,
            object_id=e.pk,
            action="recorded" if e.recorded_by_id else "recorded online",
            user=e.recorded_by,
            reason=e.note,
            client_id=e.quote.client_id,
            changes=changes,
            title=title,
            client_name=e.quote.client.full_name,
        )
    return found


def describe(rows) -> list[AuditEntry]:
    """Audit entries for rows of `audit_rows` (a page of them), field by field against the previous version."""
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["record"], []).append(row["history_id"])
    ledger = _ledger_entries(wanted.pop(LEDGER)) if LEDGER in wanted else {}
    fetched = []
    for kind, ids in wanted.items():
        model = history_model(kind)
        records = list(
            model.objects.filter(history_id__in=ids).select_related("history_user").annotate(prev_id=_previous(model))
        )
        previous = model.objects.in_bulk([r.prev_id for r in records if r.prev_id], field_name="history_id")
        fetched += [(kind, model, r, previous.get(r.prev_id)) for r in records]
    names = _related_names(
        pair for _, model, r, prev in fetched if r.history_type != "-" for pair in _changed_fields(model, r, prev)
    )
    services = Service.objects.in_bulk({r.service_id for kind, _, r, _ in fetched if kind == "appointment"})
    prefetch_related_objects([r.history_user for _, _, r, _ in fetched if r.history_user], "groups")
    client_ids = {r.id if kind == "client" else getattr(r, "client_id", None) for kind, _, r, _ in fetched}
    clients = dict(Client.objects.filter(pk__in=client_ids - {None}).values_list("pk", "full_name"))
    found = ledger
    for kind, model, r, prev in fetched:
        client_id = r.id if kind == "client" else getattr(r, "client_id", None)
        found[kind, r.history_id] = AuditEntry(
            when=r.history_date,
            kind=kind,
            label=TRACKED[kind][1],
            object_id=r.id,
            action=ACTIONS.get(r.history_type, r.history_type),
            user=r.history_user,
            reason=readable_reason(r.history_change_reason or ""),
            client_id=client_id,
            changes=_changes(model, r, prev, names) if r.history_type != "-" else [],
            title=_title(kind, r, services),
            client_name=clients.get(client_id, f"client #{client_id}"),
        )
    return [found[row["record"], row["history_id"]] for row in rows if (row["record"], row["history_id"]) in found]


def privacy_actions(*, client_id: int):
    from clients.models import PrivacyAction

    return PrivacyAction.objects.filter(client_id=client_id).select_related("by")


__all__ = ["KIND_CHOICES", "AuditEntry", "audit_rows", "describe", "privacy_actions"]
