from celery import shared_task

from . import services


@shared_task(acks_late=True, max_retries=3, default_retry_delay=10)
def make_photo_sizes(photo_id: int) -> str:
    """Thumbnail and display size of one photo (re-reads the row; a second run finds it ready)."""
    photo = services.make_photo_sizes(photo_id=photo_id)
    return photo.status if photo is not None else "gone"
