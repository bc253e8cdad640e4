"""A real worker's log lines for a task carry the id of the request that queued it (JSON, as in production)."""

import json

import pytest

from clinic import requestid
from quotes.tasks import expire_old_quotes
from tests.integration_support import celery_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def task_lines(log: str, task_id: str) -> list[dict]:
    lines = (line for line in log.splitlines() if line.startswith("{"))
    return [record for record in map(json.loads, lines) if task_id in record.get("message", "")]


def test_a_task_queued_in_a_request_logs_with_the_request_id(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir=mail_dir, env={"LOG_FORMAT": "json"}) as worker:
        requestid.bind("req-from-the-web-0001")  # as RequestLogMiddleware does for a request
        try:
            from_request = expire_old_quotes.delay().id
        finally:
            requestid.unbind()
        from_beat = expire_old_quotes.delay().id  # queued outside any request (beat)

        def finished(task_id):
            return any("succeeded" in r["message"] for r in task_lines(worker.log.read_text(), task_id))

        wait_for(lambda: finished(from_request) and finished(from_beat), timeout=30, what="both tasks to run")
        log = worker.log.read_text()
    (done,) = [r for r in task_lines(log, from_request) if "succeeded" in r["message"]]
    assert done["request_id"] == "req-from-the-web-0001"
    (done,) = [r for r in task_lines(log, from_beat) if "succeeded" in r["message"]]
    assert done["request_id"] == from_beat
