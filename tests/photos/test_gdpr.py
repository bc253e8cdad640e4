"""UK GDPR: photos are in the export ZIP (the originals), and erasure deletes rows now and files after commit."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from PIL import Image

from photos.models import Photo, PhotoView, Purpose
from records.erasure import erase_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos(world, make_photo):
    return [
        make_photo(client=world["client"], purpose=Purpose.INTAKE, appointment=world["consultation"], angle="front"),
        make_photo(client=world["client"], appointment=world["session"], angle="crown", notes="Shade 3"),
    ]


def names(photos) -> list[str]:
    return [f.name for p in photos for f in (p.original, p.display, p.thumb)]


def test_the_export_holds_the_original_photos(client, world, photos, make_photo):
    make_photo(client=world["other_client"], purpose=Purpose.INTAKE, angle="top")  # not theirs: not in it
    client.force_login(world["users"]["manager"])
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("records:export", args=[world["client"].pk])).content))
    files = sorted(n for n in archive.namelist() if n.startswith("photos/"))
    assert len(files) == 2 and files[0].endswith(f"-intake-front-{photos[0].pk}.jpg")
    data = json.loads(archive.read("client.json"))
    assert [p["notes"] for p in data["photos"]] == ["", "Shade 3"]
    for photo in photos:
        (entry,) = [m for m in data["files"] if m.get("photo") == photo.pk]
        content = archive.read(entry["file"])
        assert entry["sha256_matches"] and hashlib.sha256(content).hexdigest() == photo.sha256
        assert Image.open(io.BytesIO(content)).size == (photo.width, photo.height)


def test_erasure_deletes_the_rows_and_after_commit_the_files(world, photos, client, django_capture_on_commit_callbacks):
    client.force_login(world["users"]["staff"])
    client.get(reverse("photos:file", args=[photos[0].public_id, "display"]))  # an access record
    assert PhotoView.objects.count() == 1
    stored = names(photos)
    assert all(default_storage.exists(n) for n in stored)
    pk = world["client"].pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        erase_client(client_id=pk, by=world["users"]["manager"], confirmation=f"ERASE {pk}", reason="request 42")
        assert not Photo.objects.filter(client_id=pk).exists() and not PhotoView.objects.exists()
    assert all(default_storage.exists(n) for n in stored)  # not before the commit
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(n) for n in stored)


def test_an_erasure_rolled_back_keeps_the_photos(world, photos):
    pk = world["client"].pk
    with pytest.raises(RuntimeError), transaction.atomic():
        erase_client(client_id=pk, by=world["users"]["manager"], confirmation=f"ERASE {pk}", reason="request 42")
        raise RuntimeError("something after it failed")
    assert Photo.objects.filter(client_id=pk).count() == 2
    assert all(default_storage.exists(n) for n in names(photos))
