"""Signature-pad PNGs for tests: a real drawing, an empty canvas, a data URL (made with Pillow)."""

import base64
import io

from PIL import Image, ImageDraw


def drawn_png(width: int = 600, height: int = 200) -> bytes:
    """What signature_pad sends for a signature: dark strokes on a transparent canvas."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(40, 150), (120, 40), (200, 160), (300, 60), (420, 150), (540, 70)], fill=(17, 17, 17, 255), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def blank_png(width: int = 600, height: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def data_url(png: bytes, prefix: str = "data:image/png;base64,") -> str:
    return prefix + base64.b64encode(png).decode()
