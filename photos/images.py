"""Pillow work on an uploaded photo: what it really is, how big, upright, metadata gone, re-encoded.

The type is sniffed from the bytes (never the name or the Content-Type): `Image.open` + `verify()` on
the raw bytes, then a fresh open to decode. The pixel limit is checked from the header before any
pixel is decoded, and Pillow's own bomb guard is held to the same limit.

Metadata: everything goes (EXIF with GPS and camera serials, XMP, IPTC, comments). The ICC colour profile
is dropped too: pixels are converted to sRGB-assumed RGB, which is what every browser shows anyway.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
JPEG_QUALITY = 90


class ImageRejected(ValueError):
    """A message for the person who uploaded it."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes  # JPEG, no metadata
    width: int
    height: int


def _limits() -> tuple[int, int]:
    return settings.PHOTO_MAX_BYTES, settings.PHOTO_MAX_PIXELS


def _open(data: bytes, *, limit: int | None) -> Image.Image:
    """Image.open (lazy: the header only) with Pillow's bomb guard at `limit` pixels (None: off, to read the size)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, limit
        try:
            return Image.open(io.BytesIO(data))
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def read_upload(upload) -> bytes:
    """The upload's bytes, refusing an over-limit one without reading more than the limit (+1)."""
    max_bytes, _ = _limits()
    if getattr(upload, "size", None) and upload.size > max_bytes:
        raise ImageRejected(too_big_message(upload.size))
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(too_big_message(len(data)))
    if not data:
        raise ImageRejected("The file is empty.")
    return data


def too_big_message(size: int) -> str:
    return f"The file is {size / 1e6:.1f} MB; photos can be up to {settings.PHOTO_MAX_BYTES / 1e6:.0f} MB."


def check_image(data: bytes) -> str:
    """The real format of `data` (JPEG, PNG, WebP), or ImageRejected with the reason."""
    _, max_pixels = _limits()
    try:
        with _open(data, limit=None) as probe:  # the header's size, checked below before any decoding
            kind = probe.format
            pixels = probe.width * probe.height
            if kind not in ALLOWED_FORMATS:
                raise ImageRejected(f"{kind or 'This'} files are not accepted: send a JPEG, PNG or WebP photo.")
            if pixels > max_pixels:
                raise ImageRejected(pixel_message(pixels))
            probe.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        if isinstance(error, UnidentifiedImageError):
            raise ImageRejected("This file is not a photo we can read: send a JPEG, PNG or WebP photo.") from None
        raise ImageRejected(pixel_message(None)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        if isinstance(error, ImageRejected):
            raise
        raise ImageRejected("The photo is damaged or incomplete; take or send it again.") from None
    return ALLOWED_FORMATS[kind]


def pixel_message(pixels: int | None) -> str:
    limit = settings.PHOTO_MAX_PIXELS / 1e6
    size = f" ({pixels / 1e6:.0f} megapixels)" if pixels else ""
    return f"The photo is too large{size}; photos can be up to {limit:.0f} megapixels."


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert("RGB") if image.mode != "RGB" else image


def encode_jpeg(image: Image.Image) -> bytes:
    """JPEG bytes with no metadata at all (no exif, icc_profile, comment passed, so none written)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def clean_image(data: bytes) -> CleanImage:
    """Checked, upright (EXIF orientation applied), RGB, metadata-free JPEG of the upload."""
    check_image(data)
    try:
        with _open(data, limit=settings.PHOTO_MAX_PIXELS) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            rgb = _rgb(upright)
            # Pillow carries some of `info` (comment, XMP) into a saved JPEG: empty it, keep the pixels.
            rgb.info = {}
            bare = rgb
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise ImageRejected("The photo is damaged or incomplete; take or send it again.") from None
    return CleanImage(content=encode_jpeg(bare), width=bare.width, height=bare.height)


def resized(data: bytes, longest: int) -> bytes:
    """A JPEG of the stored (already clean) original, its longest side at most `longest` pixels."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (longest, longest))  # JPEG: decode at a reduced scale (less memory, faster)
        image = image.convert("RGB")
        image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        return encode_jpeg(image)
