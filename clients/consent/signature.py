"""A drawn signature: the signature pad's PNG data URL, checked with Pillow and re-encoded.

Checked: a `data:image/png;base64,` URL, at most CONSENT_SIGNATURE_MAX_BYTES, really a PNG (sniffed by
Pillow from its bytes), at most CONSENT_SIGNATURE_MAX_SIDE pixels each way, and not blank (an empty
canvas is a transparent or white image: too few dark pixels). What is stored is Pillow's re-encoding.
"""

import base64
import binascii
import io

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from clinic.errors import DomainError

PREFIX = "data:image/png;base64,"
MIN_INK_PIXELS = 40  # a dot or a stray tap is not a signature
BLANK = "The signature box is empty: please sign with your finger or a stylus, or choose “Type my name instead”."


class SignatureError(DomainError):
    field = "signature"


def decode_data_url(data_url: str) -> bytes:
    """The PNG bytes of a data URL, or SignatureError with a message for the person signing."""
    data_url = (data_url or "").strip()
    if not data_url:
        raise SignatureError(BLANK)
    if not data_url.startswith(PREFIX):
        raise SignatureError("The signature must be a PNG image from the signature box; please sign again.")
    limit = settings.CONSENT_SIGNATURE_MAX_BYTES
    if len(data_url) - len(PREFIX) > limit * 4 // 3 + 4:
        raise SignatureError(
            f"The signature image is too large (over {limit // 1024} KB); please clear it and sign again."
        )
    try:
        return base64.b64decode(data_url[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureError("The signature could not be read; please clear it and sign again.") from error


def clean_signature_png(data: bytes) -> bytes:
    """Validate a drawn signature's PNG bytes; return them re-encoded (no metadata)."""
    limit = settings.CONSENT_SIGNATURE_MAX_BYTES
    if not data:
        raise SignatureError(BLANK)
    if len(data) > limit:
        raise SignatureError(
            f"The signature image is too large (over {limit // 1024} KB); please clear it and sign again."
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, size = probe.format, probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise SignatureError("The signature is not a PNG image; please sign again.") from error
    if kind != "PNG":
        raise SignatureError("The signature is not a PNG image; please sign again.")
    side = settings.CONSENT_SIGNATURE_MAX_SIDE
    if max(size) > side or min(size) < 1:
        raise SignatureError(f"The signature image is too large (over {side} pixels); please sign again.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            rgba = image.convert("RGBA")
    except (OSError, ValueError) as error:  # truncated after a valid header
        raise SignatureError("The signature could not be read; please clear it and sign again.") from error
    if _ink_pixels(rgba) < MIN_INK_PIXELS:
        raise SignatureError(BLANK)
    out = io.BytesIO()
    rgba.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _ink_pixels(rgba: Image.Image) -> int:
    """Pixels that show as dark on white paper (a transparent or white canvas has none)."""
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, rgba).convert("L")
    histogram = grey.histogram()
    return sum(histogram[:160])
