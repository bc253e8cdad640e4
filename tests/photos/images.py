"""Real image files for the photo tests, made with Pillow: EXIF with GPS, rotated by EXIF, bombs, broken ones."""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, TiffImagePlugin

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_bytes(size=(60, 40), *, colour="red", gps: bool = False, orientation: int | None = None, **save) -> bytes:
    """A JPEG; `gps` adds a GPS block (Leeds) and a camera make, `orientation` the EXIF orientation tag."""
    image = Image.new("RGB", size, colour)
    if orientation is not None or gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Phone 12"  # Model
        if orientation is not None:
            exif[ORIENTATION] = orientation
        if gps:
            exif[GPS_IFD] = {
                1: "N",
                2: (TiffImagePlugin.IFDRational(53), TiffImagePlugin.IFDRational(48), TiffImagePlugin.IFDRational(0)),
                3: "W",
                4: (TiffImagePlugin.IFDRational(1), TiffImagePlugin.IFDRational(32), TiffImagePlugin.IFDRational(0)),
            }
        save["exif"] = exif
    out = io.BytesIO()
    image.save(out, "JPEG", **save)
    return out.getvalue()


def noise_jpeg(size=(400, 400)) -> bytes:
    """Random pixels: a JPEG that compresses badly (a big file from a small image)."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=100)
    return out.getvalue()


def left_right_jpeg(*, orientation: int) -> bytes:
    """80×40, left half black, right half white, with the EXIF orientation given (6: turn 90° clockwise)."""
    image = Image.new("RGB", (80, 40), "white")
    image.paste((0, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png_bytes(size=(50, 50), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (0, 128, 0, 128) if mode == "RGBA" else "green").save(out, "PNG")
    return out.getvalue()


def webp_bytes(size=(50, 50)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "WEBP")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def bomb_png(side: int = 10_000) -> bytes:
    """A tiny file (compressed) that decodes to side×side pixels: 100 megapixels by default."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    return out.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
