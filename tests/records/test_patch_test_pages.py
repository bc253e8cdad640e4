"""Patch tests on the team's pages: record one (photo checked, EXIF/GPS removed), review it, the private photo."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from clients.models import PatchTest
from clients.patch_tests.selectors import patch_test_statuses
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (320, 240), (180, 140, 120))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def person(db):
    return ClientFactory(full_name="Sam Lee")


def record(client, person, **data):
    form = {"done_on": "2026-11-27", "site": "Behind the left ear", "pigment": "Shade 3 diluted"} | data
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("records:patch_test_new", args=[person.pk]), form)


def test_record_with_a_photo_stored_without_gps(client, staff, frozen, person):
    with Image.open(io.BytesIO(jpeg_with_gps())) as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture really has GPS
    photo = SimpleUploadedFile("spot.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = record(client, person, photo=photo, artist_name="Priya Shah", notes="Small dot")
    assert response.status_code == 302
    test = PatchTest.objects.get(client=person)
    assert (test.result, test.artist_name, test.recorded_by) == ("pending", "Priya Shah", staff)
    served = client.get(reverse("records:patch_test_photo", args=[test.pk]))
    assert served.status_code == 200 and served["Cache-Control"].startswith("no-store")
    assert served["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as stored:
        assert stored.format == "JPEG" and stored.size == (320, 240)
        assert not stored.getexif().get_ifd(0x8825) and 0x0110 not in stored.getexif()
    page = client.get(reverse("records:client", args=[person.pk])).content.decode()
    assert "Patch test: pending" in page and "Behind the left ear" in page
    assert reverse("records:patch_test_review", args=[test.pk]) in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("spot.jpg", b"just some text, renamed", content_type="image/jpeg"),
            "not an image we can read",
        ),
        (SimpleUploadedFile("spot.gif", b"GIF89a" + b"\0" * 40, content_type="image/gif"), "not an image we can read"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, staff, frozen, person, upload, message):
    response = record(client, person, photo=upload)
    assert response.status_code == 422 and message in response.content.decode()
    assert not PatchTest.objects.exists()


def test_an_oversized_photo_is_refused(client, staff, frozen, person, settings):
    settings.PATCH_TEST_PHOTO_MAX_BYTES = 1024
    response = record(client, person, photo=SimpleUploadedFile("spot.jpg", jpeg_with_gps() + b"\0" * 2048))
    assert response.status_code == 422 and "too large" in response.content.decode()


def test_a_future_date_and_missing_fields(client, staff, frozen, person):
    response = record(client, person, done_on="2026-12-05")
    assert response.status_code == 422 and "the date is in the future" in response.content.decode()
    response = record(client, person, site="", pigment="")
    assert response.status_code == 422 and "This field is required" in response.content.decode()


def test_review_records_the_result(client, staff, frozen, person):
    record(client, person)
    test = PatchTest.objects.get()
    url = reverse("records:patch_test_review", args=[test.pk])
    response = client.post(url, {"result": "no_reaction", "reviewed_on": "2026-11-26"})
    assert response.status_code == 422 and "be before the patch test" in response.content.decode()
    response = client.post(url, {"result": "no_reaction", "reviewed_on": "2026-12-01"})
    assert response.status_code == 422 and "be in the future" in response.content.decode()
    assert client.post(url, {"result": "no_reaction", "reviewed_on": "2026-11-30"}).status_code == 302
    test.refresh_from_db()
    assert (test.result, test.reviewed_on, test.reviewed_by) == ("no_reaction", date(2026, 11, 30), staff)
    assert test.history.count() == 2  # recorded, then reviewed: the audit trail has both
    assert "Patch test: clear" in client.get(reverse("records:client", args=[person.pk])).content.decode()


def test_no_photo_is_404(client, staff, frozen, person):
    record(client, person)
    assert client.get(reverse("records:patch_test_photo", args=[PatchTest.objects.get().pk])).status_code == 404


def test_statuses_in_one_query(person, django_assert_num_queries):
    others = [ClientFactory() for _ in range(3)]
    PatchTest.objects.create(client=person, done_on=date(2026, 11, 1), site="Ear", pigment="S3")
    PatchTest.objects.create(
        client=person,
        done_on=date(2026, 11, 2),
        site="Ear",
        pigment="S3",
        result="reaction",
        reviewed_on=date(2026, 11, 9),
    )
    with django_assert_num_queries(1):
        found = patch_test_statuses(client_ids=[person.pk, *(o.pk for o in others)])
    assert found[person.pk].state == "reaction" and found[others[0].pk].state == "due"
