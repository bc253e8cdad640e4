"""The JSON log formatter's short path writes exactly what python-json-logger's general path writes."""

import logging
import sys
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pythonjsonlogger.json import JsonFormatter as LibraryJsonFormatter

from clinic.logformat import JSON_FORMATTER, JsonFormatter


def formatters(**overrides):
    options = {key: value for key, value in JSON_FORMATTER.items() if key != "()"} | overrides
    return JsonFormatter(**options), LibraryJsonFormatter(**options)


def record(msg="GET %s %s %sms", args=("api-v1:availability", 200, 0.1), *, extra=None, exc_info=None, **kwargs):
    made = logging.getLogger("clinic.request").makeRecord(
        "clinic.request", logging.INFO, __file__, 10, msg, args, exc_info, extra=extra, **kwargs
    )
    made.request_id = "4c938a46955b4914ac1a40d9f7837604"  # as the RequestIdFilter adds it
    return made


def raised():
    try:
        raise ValueError("broken")
    except ValueError:
        return sys.exc_info()


class Unserialisable:
    def __repr__(self):
        return "<Unserialisable>"


@pytest.mark.parametrize(
    "made",
    [
        record(
            extra={"method": "GET", "view": "api-v1:availability", "status": 200, "duration_ms": 0.1, "user_id": None}
        ),
        record("plain text, no arguments", ()),
        record("naïve café – £900 %s", ("ünïcode",)),
        record(
            extra={"when": datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "price": Decimal("900.00"), "odd": Unserialisable()}
        ),
        record(extra={"_private": 1, "request": "<WSGIRequest: GET '/?secret=1'>", "nested": {"a": [1, 2]}}),
        record("failed", (), exc_info=raised()),
        record("with stack", (), sinfo="Stack (most recent call last):\n  File x"),
        record({"event": "a dict message"}, ()),
    ],
    ids=["request line", "no args", "unicode", "odd types", "private and reserved", "exception", "stack", "dict"],
)
def test_the_same_line_as_the_library(made):
    ours, library = formatters()
    assert ours.format(made) == library.format(made)


def test_the_short_path_is_taken_for_a_plain_record(monkeypatch):
    ours, _ = formatters()
    monkeypatch.setattr(LibraryJsonFormatter, "format", lambda self, r: pytest.fail("took the general path"))
    line = ours.format(record(extra={"status": 200}))
    assert line.startswith(
        '{"level": "INFO", "logger": "clinic.request", "message": "GET api-v1:availability 200 0.1ms"'
    )
    assert '"status": 200, "request_id": "4c938a46955b4914ac1a40d9f7837604", "time": "' in line


@pytest.mark.parametrize(
    "overrides",
    [{"static_fields": {"service": "clinic"}}, {"defaults": {"env": "prod"}}, {"fmt": ["asctime", "message"]}],
)
def test_options_the_short_path_leaves_out_keep_the_general_one(overrides):
    ours, library = formatters(**overrides)
    made = record(extra={"status": 200})
    assert ours.format(made) == library.format(made)
