from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image


def photo(name: str = "photo.png", colour: str = "#886644") -> ContentFile:
    """A small real PNG for an ImageField (Pillow validates what the admin uploads)."""
    buffer = BytesIO()
    Image.new("RGB", (120, 120), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def with_photo(artist) -> int:
    if not artist.photo:
        artist.photo.save("artist.png", photo(), save=True)
    return artist.pk
