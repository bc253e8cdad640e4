"""Reading receipts and statements back: the stored PDF's text (pypdf) and its first page as a PNG."""

import io
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def stored_bytes(field) -> bytes:
    with field.storage.open(field.name, "rb") as f:
        return f.read()


def save_png(data: bytes, path: str) -> bool:
    """The first page at 80 dpi (poppler's pdftoppm), for looking at; False where poppler is missing."""
    if shutil.which("pdftoppm") is None:
        return False
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf = target.with_suffix(".pdf")
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)
    return True
