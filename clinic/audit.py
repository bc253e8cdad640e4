"""Why a history row was written: every change recorded by django-simple-history carries a reason.

A service may say why explicitly (`with changed_because("UK GDPR erasure"): ...`). Otherwise the
reason comes from where the change happened: the page (its URL name, in words), the Celery task, or
the management command. The signed-in user is recorded by simple_history's request middleware.
"""

import sys
from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.models import HistoricalRecords

_reason: ContextVar[str] = ContextVar("audit_reason", default="")

# Pages that change records, in words a manager reads in the audit trail (by URL name).
PAGE_REASONS = {
    "bookings:book": "Public booking form",
    "bookings:manage": "Client's booking link",
    "bookings:cancel": "Client's booking link (cancel)",
    "portal:move_session": "Client portal",
    "portal:link": "Client portal login link",
    "portal:details": "Client portal (own details)",
    "portal:confirm_email": "Client portal (new login e-mail confirmed)",
    "portal:login": "Client portal login link request",
    "quotes:client_quote": "Client's answer to the quote (link)",
    "records:erase": "UK GDPR erasure",
}

# The team's pages, by URL name: "On the plan page" reads better than "Staff page bookings:plan".
STAFF_PAGES = {
    "bookings:staff_consultations": "the consultations page",
    "bookings:book_for_client": "the book-a-consultation page",
    "bookings:plan_new": "the new plan page",
    "bookings:plan": "the plan page",
    "bookings:plan_cancel": "the plan page (cancel)",
    "bookings:appointment": "the appointment page",
    "bookings:appointment_outcome": "the appointment page (outcome)",
    "bookings:appointment_note": "the appointment page (session note)",
    "bookings:calendar": "the calendar",
    "bookings:time_off_new": "the time-off page",
    "bookings:time_off": "the time-off page",
    "bookings:feed_regenerate": "the calendar feed page",
    "clients:new": "the new client page",
    "clients:edit": "the client details page",
    "clients:consent": "the consent page",
    "quotes:new": "the new quote page",
    "quotes:edit": "the quote page",
    "quotes:issue": "the quote page (issue)",
    "quotes:revise": "the quote page (revise)",
    "outbox:send_now": "the reminders page",
    "records:client": "the client page",
    "records:note": "the client page (note)",
    "records:screening": "the screening page",
    "records:consent_sign": "the consent signing page",
    "records:patch_test_new": "the patch test page",
    "records:patch_test_review": "the patch test page (result)",
}
_LEGACY_STAFF_PAGE = "Staff page "  # how rows written before STAFF_PAGES name a staff page


@contextmanager
def changed_because(reason: str):
    """History rows written inside this block carry `reason`."""
    token = _reason.set(reason[:100])
    try:
        yield
    finally:
        _reason.reset(token)


def _request_reason(request) -> str:
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    if name in PAGE_REASONS:
        return PAGE_REASONS[name]
    if name.startswith("api-"):
        return "Booking API"
    if name.startswith("admin:"):
        return "Admin"
    if name in STAFF_PAGES:
        return f"On {STAFF_PAGES[name]}"
    if not name:
        return f"{request.method} {request.path}"
    return f"{_LEGACY_STAFF_PAGE}{name}" if request.path.startswith("/staff/") else f"Page {name}"


def readable_reason(reason: str) -> str:
    """A stored reason as a manager reads it; older rows named staff pages by URL name."""
    if reason.startswith(_LEGACY_STAFF_PAGE) and (page := STAFF_PAGES.get(reason[len(_LEGACY_STAFF_PAGE) :])):
        return f"On {page}"
    return reason


def current_reason() -> str:
    """The explicit reason, else the page, else the command line (management commands)."""
    if reason := _reason.get():
        return reason
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        return _request_reason(request)[:100]
    program = sys.argv[0].rsplit("/", 1)[-1] if sys.argv else ""
    if program in ("manage.py", "django-admin") and len(sys.argv) > 1:
        return f"Command {sys.argv[1]}"[:100]
    return ""


def fill_reason(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: keep an explicit `_change_reason`, else fill ours."""
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = current_reason() or None


def task_started(sender=None, task=None, **kwargs) -> None:
    task.request.audit_token = _reason.set(f"Task {task.name.rsplit('.', 1)[-1]}")


def task_finished(sender=None, task=None, **kwargs) -> None:
    token = getattr(task.request, "audit_token", None)
    if token is not None:
        _reason.reset(token)


def connect() -> None:
    """Called once from ClientsConfig.ready()."""
    from celery.signals import task_postrun, task_prerun
    from simple_history.signals import pre_create_historical_record

    pre_create_historical_record.connect(fill_reason, dispatch_uid="clinic.audit.fill_reason")
    task_prerun.connect(task_started, dispatch_uid="clinic.audit.task_started", weak=False)
    task_postrun.connect(task_finished, dispatch_uid="clinic.audit.task_finished", weak=False)
