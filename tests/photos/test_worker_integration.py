"""The sizes task through the real Redis and a real worker process: queued after commit, run once, photo ready."""

import time

import pytest

from photos.models import Photo
from photos.services import add_photo
from tests.clients.factories import ClientFactory
from tests.integration_support import celery_worker, wait_for

from .images import jpeg_bytes, upload

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_an_upload_is_ready_once_a_real_worker_has_run(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    client = ClientFactory()
    with celery_worker(mail_dir=mail_dir) as worker:
        started = time.monotonic()
        photo = add_photo(client=client, purpose="intake", angle="crown", upload=upload(jpeg_bytes((3000, 2000))))
        assert photo.status == "processing"  # the request answers before the sizes exist

        def ready():
            return Photo.objects.filter(pk=photo.pk, status="ready").exists()

        wait_for(ready, timeout=30, what=f"the worker to make the sizes; log:\n{worker.log}")
        elapsed = time.monotonic() - started
        log = worker.log.read_text()
    photo.refresh_from_db()
    assert photo.thumb.storage.exists(photo.thumb.name) and photo.display.storage.exists(photo.display.name)
    assert log.count("photos.tasks.make_photo_sizes") >= 1 and "succeeded" in log
    assert elapsed < 30
