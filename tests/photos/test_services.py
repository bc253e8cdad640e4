"""add_photo: the bytes decide (not the name), limits hold, metadata goes, orientation is applied, nothing half-kept."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.test import override_settings
from PIL import Image

from photos.models import Photo, Purpose, Status
from photos.services import PhotoRejected, add_photo, make_photo_sizes

from .images import bomb_png, gif_bytes, jpeg_bytes, left_right_jpeg, noise_jpeg, png_bytes, upload, webp_bytes

pytestmark = pytest.mark.django_db


def stored_image(field) -> Image.Image:
    with field.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
    return image


def files_in_storage() -> set[str]:
    root = Path(default_storage.location) / "photos"
    return {p.name for p in root.iterdir()} if root.exists() else set()


def test_gps_exif_is_removed_and_the_photo_re_encoded(session, make_photo):
    original = jpeg_bytes((120, 80), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload has GPS
    photo = make_photo(client=session.client, appointment=session, content=original)
    image = stored_image(photo.original)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "icc_profile" not in image.info and "xmp" not in image.info
    for size in (photo.display, photo.thumb):
        assert dict(stored_image(size).getexif()) == {}
    with photo.original.open("rb") as f:
        raw = f.read()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    assert (photo.width, photo.height, photo.bytes) == (120, 80, len(raw))


def test_the_exif_orientation_is_applied(session, make_photo):
    # Stored landscape 80×40 (black left), orientation 6: the camera was turned; it shows portrait 40×80.
    photo = make_photo(client=session.client, appointment=session, content=left_right_jpeg(orientation=6))
    image = stored_image(photo.original).convert("L")
    assert image.size == (40, 80) == (photo.width, photo.height)
    # Turned 90° clockwise: the black left half is now the top.
    assert image.getpixel((20, 5)) < 40 and image.getpixel((20, 75)) > 215


def test_the_name_and_content_type_are_not_trusted(session):
    text = upload(b"I am not a photo, just text.\n" * 20, name="scalp.jpg", content_type="image/jpeg")
    with pytest.raises(PhotoRejected, match="not a photo we can read"):
        add_photo(client=session.client, purpose="session_before", angle="top", upload=text, appointment=session)
    # A real PNG named .txt is taken (as a JPEG of its pixels), the transparency on white.
    photo = add_photo(
        client=session.client,
        purpose="session_before",
        angle="top",
        upload=upload(png_bytes(), name="notes.txt", content_type="text/plain"),
        appointment=session,
    )
    assert stored_image(photo.original).format == "JPEG"
    assert Photo.objects.count() == 1


def test_webp_is_taken_and_gif_refused(session):
    photo = add_photo(client=session.client, purpose="intake", angle="left", upload=upload(webp_bytes(), "a.webp"))
    assert stored_image(photo.original).mode == "RGB"
    with pytest.raises(PhotoRejected, match="GIF files are not accepted"):
        add_photo(client=session.client, purpose="intake", angle="left", upload=upload(gif_bytes(), "a.gif"))


@override_settings(PHOTO_MAX_BYTES=50_000)
def test_an_over_limit_file_is_refused_and_nothing_stored(session):
    before = files_in_storage()
    big = noise_jpeg((400, 400))
    assert len(big) > 50_000
    with pytest.raises(PhotoRejected, match=r"The file is 0\.\d MB; photos can be up to 0 MB"):
        add_photo(client=session.client, purpose="intake", angle="front", upload=upload(big))
    assert files_in_storage() == before and not Photo.objects.exists()


def test_a_pixel_bomb_is_refused_before_it_is_decoded(session):
    bomb = bomb_png(10_000)  # 12 kB on disk, 100 megapixels decoded
    with pytest.raises(PhotoRejected, match=r"too large \(100 megapixels\); photos can be up to 40 megapixels"):
        add_photo(client=session.client, purpose="intake", angle="front", upload=upload(bomb, "bomb.png"))
    # The setting is the limit (10,000 pixels here).
    with override_settings(PHOTO_MAX_PIXELS=1_000), pytest.raises(PhotoRejected, match="too large"):
        add_photo(client=session.client, purpose="intake", angle="front", upload=upload(png_bytes((100, 100))))
    assert not Photo.objects.exists()


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_image_is_refused(session, cut):
    whole = jpeg_bytes((400, 300))
    broken = whole[: int(len(whole) * cut)]
    with pytest.raises(PhotoRejected, match="damaged or incomplete"):
        add_photo(client=session.client, purpose="intake", angle="front", upload=upload(broken))
    assert not Photo.objects.exists()


def test_an_empty_file_is_refused(session):
    with pytest.raises(PhotoRejected, match="empty"):
        add_photo(client=session.client, purpose="intake", angle="front", upload=upload(b""))


def test_a_session_photo_needs_its_session_and_the_right_client(session):
    with pytest.raises(PhotoRejected, match="needs its session"):
        add_photo(client=session.client, purpose="session_after", angle="front", upload=upload(jpeg_bytes()))
    from tests.clients.factories import ClientFactory

    with pytest.raises(PhotoRejected, match="another client's"):
        add_photo(
            client=ClientFactory(),
            purpose="session_after",
            angle="front",
            upload=upload(jpeg_bytes()),
            appointment=session,
        )
    assert not Photo.objects.exists()


def test_the_database_refuses_a_session_photo_without_an_appointment(session, make_photo):
    photo = make_photo(client=session.client, appointment=session)
    with pytest.raises(IntegrityError, match="photos_purpose_needs_appointment"), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).update(appointment=None)
    with pytest.raises(IntegrityError, match="photos_ready_has_sizes"), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).update(thumb="")
    with pytest.raises(IntegrityError, match="photos_angle_valid"), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).update(angle="chin")


def test_the_storage_name_is_random_and_says_nothing_about_the_client(session, make_photo):
    photo = make_photo(client=session.client, appointment=session)
    for name in (photo.original.name, photo.display.name, photo.thumb.name):
        assert name.startswith(f"photos/{photo.public_id.hex}")
        assert "robin" not in name.lower() and "hale" not in name.lower() and "photo.jpg" not in name


def test_the_sizes_task_run_twice_makes_one_thumbnail(session, django_capture_on_commit_callbacks):
    from photos.tasks import make_photo_sizes as task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # not yet: the page's placeholder
        photo = add_photo(
            client=session.client, purpose="intake", angle="crown", upload=upload(jpeg_bytes((2000, 1000)))
        )
    # Sizes queued once, on commit (the calendar's cached bodies are retired on commit too: photos flag them).
    assert [getattr(c, "func", c).__name__ for c in callbacks].count("_queue_sizes") == 1
    assert photo.status == Status.PROCESSING and not photo.thumb
    before = files_in_storage()
    assert task.delay(photo.pk).get() == "ready"
    photo.refresh_from_db()
    first = (photo.display.name, photo.thumb.name)
    after_one = files_in_storage()
    assert task.delay(photo.pk).get() == "ready"
    photo.refresh_from_db()
    assert (photo.display.name, photo.thumb.name) == first
    assert files_in_storage() == after_one and len(after_one - before) == 2
    assert stored_image(photo.thumb).size == (320, 160)
    assert stored_image(photo.display).size == (1600, 800)


def test_a_rerun_after_a_crash_overwrites_rather_than_adding_files(session, django_capture_on_commit_callbacks):
    """The files were written but the row not marked ready (the worker died): the rerun keeps the names."""
    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(client=session.client, purpose="intake", angle="crown", upload=upload(jpeg_bytes()))
    photo.refresh_from_db()
    names = (photo.display.name, photo.thumb.name)
    Photo.objects.filter(pk=photo.pk).update(status=Status.PROCESSING, display="", thumb="")
    before = files_in_storage()
    make_photo_sizes(photo_id=photo.pk)
    photo.refresh_from_db()
    assert (photo.display.name, photo.thumb.name) == names and files_in_storage() == before


def test_the_task_marks_a_photo_whose_original_is_missing_failed(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        photo = add_photo(client=session.client, purpose="intake", angle="crown", upload=upload(jpeg_bytes()))
    default_storage.delete(photo.original.name)
    assert make_photo_sizes(photo_id=photo.pk).status == Status.FAILED
    assert make_photo_sizes(photo_id=10**9) is None  # erased meanwhile: nothing to do


def test_an_insert_that_fails_leaves_no_file(session, monkeypatch):
    before = files_in_storage()
    monkeypatch.setattr(Photo, "full_clean", lambda self: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        add_photo(client=session.client, purpose="intake", angle="crown", upload=upload(jpeg_bytes()))
    assert files_in_storage() == before


def test_purpose_choices(session):
    with pytest.raises(PhotoRejected, match="what the photo is for"):
        add_photo(client=session.client, purpose="selfie", angle="crown", upload=upload(jpeg_bytes()))
    assert set(Purpose.values) == {"intake", "session_before", "session_after", "healing", "patch_test"}
