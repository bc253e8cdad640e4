"""The request line written straight to the JSON console handler is the line logging would write; any other
set-up goes through logging."""

import io
import json
import logging
from datetime import UTC, datetime

import pytest

from clinic import requestid
from clinic.requestline import MESSAGE, log_request, sole_json_handler
from tests.clinic.test_requestlog import handler_from_settings

FIELDS = {"method": "GET", "view": "api-v1:availability", "status": 200, "duration_ms": 0.3, "user_id": 7}
logger = logging.getLogger("clinic.request")


@pytest.fixture
def production_handler(monkeypatch):
    """The root logger as production's LOGGING leaves it: the JSON console handler alone, writing to a buffer.

    Set up in the test's own body: pytest adds its capturing handlers to the root logger around the call.
    """
    handler = handler_from_settings("json")

    def alone():
        monkeypatch.setattr(logging.root, "handlers", [handler])
        monkeypatch.setattr(logger, "handlers", [])
        return handler

    return alone


def through_logging(handler) -> str:
    """What `logger.info` writes for the same fields, on a copy of the handler."""
    copy = logging.StreamHandler(io.StringIO())
    copy.setFormatter(handler.formatter)
    copy.addFilter(requestid.RequestIdFilter())
    args = tuple(FIELDS.values())[:4]
    record = logger.makeRecord(logger.name, logging.INFO, __file__, 1, MESSAGE, args, None, extra=FIELDS)
    copy.handle(record)
    return copy.stream.getvalue()


def test_the_same_line_as_through_logging(production_handler, monkeypatch, time_machine):
    handler = production_handler()
    time_machine.move_to(datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC), tick=False)
    monkeypatch.setattr(logger, "info", lambda *a, **k: pytest.fail("went through logger.info"))
    requestid.bind("4c938a46955b4914ac1a40d9f7837604")
    try:
        log_request(logger, **FIELDS)
        expected = through_logging(handler)
    finally:
        requestid.unbind()
    written = handler.stream.getvalue()
    assert written == expected
    assert json.loads(written) == {
        "level": "INFO",
        "logger": "clinic.request",
        "message": "GET api-v1:availability 200 0.3ms",
        **FIELDS,
        "request_id": "4c938a46955b4914ac1a40d9f7837604",
        "time": "2026-03-29T00:59:59.999999+00:00",
    }


@pytest.mark.django_db
def test_a_request_writes_one_line_with_its_id(client, production_handler, monkeypatch):
    handler = production_handler()
    monkeypatch.setattr(logger, "info", lambda *a, **k: pytest.fail("went through logger.info"))
    response = client.get("/api/v1/availability?date=2026-12-15")
    (line,) = [json.loads(text) for text in handler.stream.getvalue().splitlines()]
    assert line["request_id"] == response["X-Request-ID"]
    assert {k: line[k] for k in ("level", "logger", "method", "view", "status", "user_id")} == {
        "level": "INFO",
        "logger": "clinic.request",
        "method": "GET",
        "view": "api-v1:availability",
        "status": 200,
        "user_id": None,
    }


@pytest.mark.django_db
def test_a_broken_stream_is_reported_and_the_request_goes_on(client, production_handler, monkeypatch):
    handler = production_handler()
    reported = []
    monkeypatch.setattr(handler, "stream", None)  # .write raises AttributeError
    monkeypatch.setattr(handler, "handleError", reported.append)
    assert client.get("/healthz/").status_code == 200
    (record,) = reported
    assert record.getMessage() == "GET healthz 200 " + str(record.args[3]) + "ms"


def text_handler():
    return handler_from_settings("text")


def second_handler():
    logging.root.handlers.append(logging.StreamHandler(io.StringIO()))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda h: logging.root.handlers.__setitem__(0, text_handler()), id="text format"),
        pytest.param(lambda h: second_handler(), id="a second handler, as a test's"),
        pytest.param(lambda h: h.setLevel(logging.WARNING), id="handler level above INFO"),
        pytest.param(lambda h: h.addFilter(lambda record: False), id="another filter on the handler"),
        pytest.param(lambda h: logger.addFilter(lambda record: True), id="a filter on the logger"),
        pytest.param(lambda h: logger.addHandler(logging.StreamHandler(io.StringIO())), id="a handler on the logger"),
        pytest.param(lambda h: setattr(h.formatter, "_short", False), id="the formatter's general path"),
    ],
)
def test_any_other_set_up_goes_through_logging(production_handler, change, monkeypatch):
    handler = production_handler()
    assert sole_json_handler(logger) is handler
    monkeypatch.setattr(logger, "filters", [])
    change(handler)
    called = []
    monkeypatch.setattr(logger, "info", lambda *a, **k: called.append((a, k)))
    assert sole_json_handler(logger) is None
    log_request(logger, **FIELDS)
    assert called == [((MESSAGE, "GET", "api-v1:availability", 200, 0.3), {"extra": FIELDS})]


def test_a_level_that_drops_info_writes_nothing(production_handler):
    handler = production_handler()
    logger.setLevel(logging.WARNING)  # as LOG_LEVEL=WARNING does on the root
    try:
        assert sole_json_handler(logger) is None
        log_request(logger, **FIELDS)
    finally:
        logger.setLevel(logging.NOTSET)
    assert handler.stream.getvalue() == ""
