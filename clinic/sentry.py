"""Error reports to Sentry (sentry-sdk), only when SENTRY_DSN is set, with nothing personal in them.

The clinic holds health data: a report says *where* the code failed (exception type, stack of file,
function and line, the view's route, the request id to find its log lines), never *whom* it was about.
So: no local variables, bodies, cookies, query strings or client addresses; headers from an allow-list;
the user reduced to an id; exception messages and log arguments dropped (a database error's message
quotes the row, e.g. `Key (email)=(…) already exists`); URLs replaced by their route. Tracing stays
off: spans would carry SQL and URLs past this scrubber.
"""

from typing import Any
from urllib.parse import urlsplit

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

from clinic.requestid import NONE, current_request_id

FILTERED = "[Filtered]"
SAFE_HEADERS = frozenset(
    {"accept", "accept-language", "content-length", "content-type", "host", "user-agent", "x-request-id"}
)


def init_sentry(*, dsn: str, environment: str, release: str | None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        # Routes ("/bookings/{token}/"), not paths: a path may hold a signed link's token.
        integrations=[DjangoIntegration(transaction_style="url"), CeleryIntegration()],
    )
    # Scanners sending other Host headers: logged, not an error of ours worth a report.
    ignore_logger("django.security.DisallowedHost")


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send: keep what locates the failure, drop whatever could name or describe a client."""
    scrub_request(event)
    if "user" in event:
        user_id = event["user"].get("id") if isinstance(event["user"], dict) else None
        event["user"] = {"id": user_id} if user_id is not None else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = FILTERED
        drop_frame_vars(exception.get("stacktrace"))
    for thread in (event.get("threads") or {}).get("values") or []:
        drop_frame_vars(thread.get("stacktrace"))
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        # The message template is ours (code); its arguments are data.
        event["logentry"] = {"message": logentry.get("message", "")}
    event.pop("extra", None)
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values") or []:
        breadcrumb.pop("data", None)
    request_id = current_request_id()
    if request_id != NONE:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def scrub_request(event: dict[str, Any]) -> None:
    request = event.get("request")
    if not isinstance(request, dict):
        return
    url = urlsplit(request.get("url") or "")
    route = event.get("transaction") if str(event.get("transaction", "")).startswith("/") else "/"
    (event.get("_meta") or {}).pop("request", None)  # notes on what the SDK left out of it
    event["request"] = {
        "method": request.get("method"),
        "url": f"{url.scheme}://{url.netloc}{route}" if url.netloc else route,
        "headers": {
            name: value for name, value in (request.get("headers") or {}).items() if name.lower() in SAFE_HEADERS
        },
    }


def drop_frame_vars(stacktrace: dict[str, Any] | None) -> None:
    for frame in (stacktrace or {}).get("frames") or []:
        frame.pop("vars", None)


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_breadcrumb: a log record becomes its message template, a Redis command loses its keys; no crumb
    keeps its data (SQL parameters, URLs)."""
    record = (hint or {}).get("log_record")
    if record is not None:
        crumb["message"] = str(record.msg)
    elif crumb.get("category") == "redis" and crumb.get("message"):
        crumb["message"] = str(crumb["message"]).split(" ", 1)[0]  # the command, not its keys and values
    crumb.pop("data", None)
    return crumb
