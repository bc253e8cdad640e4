"""The id of the request (or Celery task) being handled, on every log record made while handling it.

The proxy's `X-Request-ID` is kept when it is a sane token, so its access log and ours join up; any
other value (too long, odd characters: a way to forge or break log lines) is replaced by a new id.
A task published during a request carries the request's id in its message headers.
"""

import logging
import re
import secrets
from contextvars import ContextVar

HEADER = "X-Request-ID"
CELERY_HEADER = "request_id"
NONE = "-"  # on records made outside any request or task

_SANE = re.compile(r"[A-Za-z0-9._-]{8,128}", re.ASCII)
_current: ContextVar[str] = ContextVar("request_id", default=NONE)


def accept_or_new(incoming: str | None) -> str:
    if incoming and _SANE.fullmatch(incoming):
        return incoming
    return secrets.token_hex(16)  # 32 hex digits, as a uuid4's: without building a UUID (issue 16)


def current_request_id() -> str:
    return _current.get()


def bind(request_id: str) -> None:
    _current.set(request_id)


def unbind(**kwargs) -> None:
    """request_finished: after Django's own "Not Found: …" line, which is written past every middleware."""
    _current.set(NONE)


class RequestIdFilter(logging.Filter):
    """On a handler: every record it writes gets `request_id` (NONE outside requests and tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


# Celery signal handlers, connected in clinic/celery.py.
def add_request_id_header(*, headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: a task queued while handling a request carries that request's id."""
    request_id = _current.get()
    if headers is not None and request_id != NONE:
        headers.setdefault(CELERY_HEADER, request_id)


def bind_task_request_id(*, task=None, task_id: str | None = None, **kwargs) -> None:
    """task_prerun: the task's records carry the publishing request's id, or else the task's own id."""
    request = getattr(task, "request", None)
    incoming = request.get(CELERY_HEADER) if request is not None else None
    _current.set(accept_or_new(incoming) if incoming else (task_id or NONE))


def unbind_task_request_id(**kwargs) -> None:
    """task_postrun: the worker's own records between tasks carry no id."""
    unbind()
