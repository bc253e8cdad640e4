"""One JSON log line per request with its id, echoed in X-Request-ID; nothing personal in it."""

import io
import json
import logging

import pytest
from celery.app.task import Context
from django.utils.module_loading import import_string

from clinic import requestid
from clinic.settings.base import logging_config

pytestmark = pytest.mark.django_db


def handler_from_settings(log_format: str) -> logging.StreamHandler:
    """The console handler as LOGGING builds it (formatter and request-id filter), writing to a buffer."""
    options = dict(logging_config(log_format)["formatters"][log_format])
    factory = import_string(options.pop("()", "logging.Formatter"))
    if "format" in options:
        options["fmt"] = options.pop("format")
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(factory(**options))
    handler.addFilter(requestid.RequestIdFilter())
    return handler


@pytest.fixture
def read_log():
    """What the production (JSON) handler writes while the test runs: one dict per line."""
    handler = handler_from_settings("json")
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in handler.stream.getvalue().splitlines()]
    root.removeHandler(handler)


def request_lines(records: list[dict]) -> list[dict]:
    return [r for r in records if r["logger"] == "clinic.request"]


def test_one_json_line_per_request_with_its_fields(client, read_log):
    response = client.get("/healthz/?email=jo.bloggs%40example.com&phone=07700900123")
    lines = request_lines(read_log())
    assert len(lines) == 1
    line = lines[0]
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert line["request_id"] == request_id
    assert {k: line[k] for k in ("level", "method", "view", "status", "user_id")} == {
        "level": "INFO",
        "method": "GET",
        "view": "healthz",
        "status": 200,
        "user_id": None,
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")
    raw = json.dumps(read_log())
    assert "example.com" not in raw and "07700900123" not in raw and "?" not in raw


def test_the_view_name_stands_for_a_path_with_a_secret_link(client, read_log):
    client.get("/bookings/not-a-real-token-but-secret-looking/")
    (line,) = request_lines(read_log())
    assert line["view"] == "bookings:manage"
    assert "secret-looking" not in json.dumps(line)


def test_a_request_stopped_before_its_view_is_logged_by_view_name_too(client, read_log, settings):
    # APPEND_SLASH redirects before any view runs: the path would otherwise be logged with its token.
    client.get("/bookings/a-signed-token-of-someone")
    (line,) = request_lines(read_log())
    assert (line["status"], line["view"]) == (301, "bookings:manage")


def test_django_own_not_found_line_carries_the_same_request_id(client, read_log):
    response = client.get("/no-such-page/?email=jo%40example.com")
    records = read_log()
    (line,) = request_lines(records)
    assert line["view"] == "/no-such-page/" and line["status"] == 404
    (not_found,) = [r for r in records if r["logger"] == "django.request"]
    assert not_found["request_id"] == response["X-Request-ID"]
    assert "jo" not in json.dumps(not_found) and "request" not in not_found


def test_a_signed_in_user_is_logged_by_id_only(client, staff, read_log):
    client.get("/staff/consultations/")
    (line,) = request_lines(read_log())
    assert line["user_id"] == staff.pk
    assert staff.email not in json.dumps(read_log())


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("3f2a9c1e-proxy-id.0042", True),
        ("a" * 128, True),
        ("short", False),
        ("a" * 129, False),
        ('x" level=ERROR', False),
        ("line\nbreak-12345", False),
    ],
)
def test_the_proxy_request_id_is_kept_only_when_sane(client, read_log, incoming, kept):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID=incoming)
    (line,) = request_lines(read_log())
    assert (response["X-Request-ID"] == incoming) is kept
    assert line["request_id"] == response["X-Request-ID"]


def test_records_after_the_request_carry_no_id(client, read_log):
    client.get("/healthz/")
    logging.getLogger("clinic.test").warning("between requests")
    assert read_log()[-1]["request_id"] == requestid.NONE


def test_text_format_for_development_shows_the_id():
    handler = handler_from_settings("text")
    record = logging.LogRecord("clinic.request", logging.INFO, __file__, 1, "GET %s", ("healthz",), None)
    requestid.bind("abcdef123456")
    try:
        handler.handle(record)
    finally:
        requestid.unbind()
    assert handler.stream.getvalue().rstrip().endswith("INFO clinic.request [abcdef123456] GET healthz")


def test_an_unknown_log_format_is_refused_by_name():
    with pytest.raises(Exception, match="LOG_FORMAT must be 'text' or 'json'"):
        logging_config("xml")


def test_a_task_queued_in_a_request_logs_with_its_id():
    headers: dict = {}
    requestid.bind("req-000111222")
    try:
        requestid.add_request_id_header(headers=headers)
    finally:
        requestid.unbind()
    assert headers == {"request_id": "req-000111222"}

    class Task:
        request = Context(id="task-1", **headers)

    requestid.bind_task_request_id(task=Task, task_id="task-1")
    assert requestid.current_request_id() == "req-000111222"
    Task.request = Context(id="task-2")  # queued by beat, not a request: the task's own id
    requestid.bind_task_request_id(task=Task, task_id="task-2")
    assert requestid.current_request_id() == "task-2"
    requestid.unbind_task_request_id()
    assert requestid.current_request_id() == requestid.NONE


def test_the_line_can_be_turned_off_the_id_stays(client, read_log, settings):
    settings.LOG_REQUESTS = False  # read when the test client builds its middleware, at its first request
    response = client.get("/healthz/")
    assert request_lines(read_log()) == []
    assert len(response["X-Request-ID"]) == 32
