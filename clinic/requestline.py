"""The request's log line, written straight to the one handler logging would hand it to (issue 16).

`logger.info` makes a LogRecord, looks for its caller, walks the loggers, filters and formats it: in a
gunicorn worker under load that was the largest cost left in a cached availability answer (~40 µs of
~140, py-spy; the line off: 0.74x to 0.89x the bare view). When an INFO record of the request logger
would reach exactly one handler and that handler is the plain JSON console one production's LOGGING
builds (a StreamHandler, the JSON formatter's short path, the request-id filter), the line is made by
that formatter's own code from the same fields and written to that handler's stream under its lock.
Any other set-up (the text format, a second handler such as a test's, a filter, a level above INFO)
goes through `logger.info` as before. tests/clinic/test_requestline.py checks both write the same line.
"""

import logging
import time

from clinic.logformat import JsonFormatter
from clinic.requestid import RequestIdFilter, current_request_id

MESSAGE = "%s %s %s %sms"


def log_request(logger: logging.Logger, *, method: str, view: str, status: int, duration_ms: float, user_id) -> None:
    extra = {"method": method, "view": view, "status": status, "duration_ms": duration_ms, "user_id": user_id}
    handler = sole_json_handler(logger)
    if handler is None:
        logger.info(MESSAGE, method, view, status, duration_ms, extra=extra)
        return
    # The record's attributes the line shows, in the order logging would set them (the filter's id last).
    fields = {
        "levelname": "INFO",
        "name": logger.name,
        "message": f"{method} {view} {status} {duration_ms}ms",  # MESSAGE % the arguments, as getMessage()
        **extra,
        "request_id": current_request_id(),
    }
    line = handler.formatter.plain_line(fields, time.time())  # the record's `created`
    with handler.lock:  # as Handler.handle around emit()
        try:
            stream = handler.stream
            stream.write(line + handler.terminator)
            stream.flush()  # as StreamHandler.flush()
        except Exception:  # as StreamHandler.emit: a broken stream is reported, the request goes on
            args = (method, view, status, duration_ms)
            handler.handleError(logger.makeRecord(logger.name, logging.INFO, __file__, 0, MESSAGE, args, None))


def sole_json_handler(logger: logging.Logger) -> logging.StreamHandler | None:
    """The one handler an INFO record of `logger` reaches, if it is the plain JSON console one; else None."""
    if logger.disabled or logger.filters or not logger.isEnabledFor(logging.INFO):
        return None
    handlers = []
    current = logger
    while current is not None:  # as Logger.callHandlers
        handlers.extend(current.handlers)
        if not current.propagate:
            break
        current = current.parent
    if len(handlers) != 1:
        return None
    handler = handlers[0]
    formatter = handler.formatter
    if (
        type(handler) is not logging.StreamHandler
        or handler.level > logging.INFO
        or not isinstance(formatter, JsonFormatter)
        or not formatter.short_path
        or len(handler.filters) != 1
        or type(handler.filters[0]) is not RequestIdFilter
    ):
        return None
    return handler
