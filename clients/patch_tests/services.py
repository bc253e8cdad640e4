"""Recording a patch test and its review (the team's pages in records call these)."""

import io
from datetime import date

from django.conf import settings
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from clinic.clock import local_today
from clinic.errors import DomainError
from clinic.files import store_on_commit

from ..models import Client, PatchTest

PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class PatchTestError(DomainError):
    pass


def clean_photo(upload) -> tuple[bytes, str]:
    """A JPEG, PNG or WebP (sniffed from its bytes), size- and pixel-limited, turned upright and re-encoded
    without EXIF/GPS. Returns (bytes, extension)."""
    limit = settings.PATCH_TEST_PHOTO_MAX_BYTES
    if upload.size > limit:
        raise PatchTestError(f"The photo is too large (over {limit // (1024 * 1024)} MB).", field="photo")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
        if kind not in PHOTO_FORMATS:
            raise PatchTestError("The photo must be a JPEG, PNG or WebP image.", field="photo")
        if width * height > settings.PATCH_TEST_PHOTO_MAX_PIXELS:
            raise PatchTestError("The photo has too many pixels; send a smaller one.", field="photo")
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            if kind == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, format=kind)  # no exif= given: EXIF (and GPS) are not written
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PatchTestError("That file is not an image we can read (JPEG, PNG or WebP).", field="photo") from error
    return out.getvalue(), PHOTO_FORMATS[kind]


@transaction.atomic
def record_patch_test(
    *,
    client: Client,
    done_on: date,
    site: str,
    pigment: str,
    artist_name: str = "",
    notes: str = "",
    photo=None,
    by=None,
) -> PatchTest:
    """A patch test done (pending review); the photo, if any, is checked and stored after commit."""
    if done_on > local_today():
        raise PatchTestError(
            "A patch test can't be recorded before it is done (the date is in the future).", field="done_on"
        )
    test = PatchTest(
        client=client,
        done_on=done_on,
        site=" ".join(site.split()),
        pigment=" ".join(pigment.split()),
        artist_name=artist_name.strip(),
        notes=notes.strip(),
        recorded_by=by,
    )
    content = None
    if photo is not None:
        content, extension = clean_photo(photo)
        test.photo.name = test.photo.field.generate_filename(
            test, f"patch-test-{client.pk}-{done_on:%Y%m%d}.{extension}"
        )
    test.full_clean()
    test.save()
    if content is not None:
        store_on_commit(test.photo, content)
    return test


@transaction.atomic
def review_patch_test(*, patch_test_id: int, result: str, reviewed_on: date, by=None) -> PatchTest:
    """The reaction read on review: no reaction or reaction, with the day it was looked at."""
    test = PatchTest.objects.select_for_update().get(pk=patch_test_id)
    if result not in (PatchTest.Result.NO_REACTION, PatchTest.Result.REACTION):
        raise PatchTestError("Choose the result: no reaction or reaction.", field="result")
    if reviewed_on > local_today():
        raise PatchTestError("The review can't be in the future.", field="reviewed_on")
    if reviewed_on < test.done_on:
        raise PatchTestError(
            f"The review can't be before the patch test ({test.done_on:%-d %B %Y}).", field="reviewed_on"
        )
    test.result, test.reviewed_on, test.reviewed_by = result, reviewed_on, by
    test.full_clean()
    test.save()
    return test
