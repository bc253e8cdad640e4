"""Writes: add a photo (checked, cleaned, stored), make its sizes (the task's work), gallery consent, erasure.

`add_photo` is the one way a photo gets in, whoever uploads it (the client's intake, the portal's healing
page, the artist's session page): the bytes are checked and cleaned by `photos.images` before anything is
stored, and the thumbnail and display size are made by a Celery task queued after commit.
"""

import hashlib
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clinic.errors import DomainError
from clinic.files import replace_file

from .images import ImageRejected, clean_image, read_upload, resized
from .models import NEEDS_APPOINTMENT, Photo, PhotoView, Purpose, Size, Status


class PhotoRejected(DomainError):
    """The upload is refused; `message` says why, for the person who sent it."""


def _check_appointment(*, client, purpose: str, appointment) -> None:
    if purpose not in Purpose.values:
        raise PhotoRejected("Choose what the photo is for.", field="purpose")
    if appointment is None and purpose in NEEDS_APPOINTMENT:
        raise PhotoRejected("A session photo needs its session.", field="appointment")
    if appointment is not None and appointment.client_id != client.pk:
        raise PhotoRejected("That appointment is another client's.", field="appointment")


def add_photo(
    *,
    client,
    purpose: str,
    angle: str,
    upload,
    appointment=None,
    by=None,
    notes: str = "",
    gallery_consent: bool = False,
) -> Photo:
    """Store a checked, upright, metadata-free JPEG of `upload`; its sizes follow from a task after commit.

    Raises PhotoRejected (with a message for the uploader) for anything that is not a JPEG/PNG/WebP photo
    within PHOTO_MAX_BYTES and PHOTO_MAX_PIXELS, or is damaged; nothing is stored then.
    """
    _check_appointment(client=client, purpose=purpose, appointment=appointment)
    try:
        clean = clean_image(read_upload(upload))
    except ImageRejected as error:
        raise PhotoRejected(str(error), field="upload") from None
    photo = Photo(
        client=client,
        appointment=appointment,
        purpose=purpose,
        angle=angle,
        width=clean.width,
        height=clean.height,
        bytes=len(clean.content),
        sha256=hashlib.sha256(clean.content).hexdigest(),
        notes=notes.strip(),
        gallery_consent=gallery_consent,
        uploaded_by=by if by is not None and by.is_authenticated else None,
        uploaded_at=timezone.now(),
    )
    photo.original.save("original.jpg", ContentFile(clean.content), save=False)
    try:
        photo.full_clean()
        with transaction.atomic():
            photo.save()
            transaction.on_commit(partial(_queue_sizes, photo.pk))
    except Exception:
        photo.original.storage.delete(photo.original.name)  # nothing half-kept
        raise
    return photo


def _queue_sizes(photo_id: int) -> None:
    from .tasks import make_photo_sizes

    make_photo_sizes.delay(photo_id)


def _size_name(photo: Photo, size: str) -> str:
    return photo.original.name.removesuffix(".jpg") + f"_{size}.jpg"


@transaction.atomic
def make_photo_sizes(*, photo_id: int) -> Photo | None:
    """The thumbnail and display size of a photo; safe to run twice (a ready photo is left alone)."""
    photo = Photo.objects.select_for_update().filter(pk=photo_id).first()
    if photo is None or photo.status == Status.READY:
        return photo  # erased meanwhile, or already done by another run
    storage = photo.original.storage
    try:
        with photo.original.open("rb") as stored:
            original = stored.read()
        display = replace_file(storage, _size_name(photo, Size.DISPLAY), resized(original, settings.PHOTO_DISPLAY_PX))
        thumb = replace_file(storage, _size_name(photo, Size.THUMB), resized(original, settings.PHOTO_THUMB_PX))
    except (OSError, ValueError):
        photo.status = Status.FAILED
        photo.save(update_fields=["status"])
        return photo
    photo.display.name, photo.thumb.name, photo.status = display, thumb, Status.READY
    photo.save(update_fields=["display", "thumb", "status"])
    return photo


def set_gallery_consent(*, photo: Photo, consent: bool) -> Photo:
    """Give consent again, or withdraw it: a withdrawn photo leaves every gallery use at once."""
    with transaction.atomic():
        photo = Photo.objects.select_for_update().get(pk=photo.pk)
        if consent:
            photo.gallery_consent, photo.gallery_withdrawn_at = True, None
        elif photo.gallery_consent and photo.gallery_withdrawn_at is None:
            photo.gallery_withdrawn_at = timezone.now()
        photo.save(update_fields=["gallery_consent", "gallery_withdrawn_at"])
    return photo


def record_photo_view(*, photo: Photo, user, size: str) -> PhotoView:
    return PhotoView.objects.create(photo=photo, client_id=photo.client_id, user=user, size=size, at=timezone.now())


def delete_client_photos(*, client) -> int:
    """Every photo of the client: rows now (in the caller's transaction), files once it has committed."""
    photos = list(Photo.objects.select_for_update().filter(client=client))
    names = [f.name for p in photos for f in (p.original, p.display, p.thumb) if f]
    if photos:
        storage = photos[0].original.storage
        for name in names:
            transaction.on_commit(partial(storage.delete, name), robust=True)
    Photo.objects.filter(pk__in=[p.pk for p in photos]).delete()
    return len(photos)
