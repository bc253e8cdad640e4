"""HTML → PDF for every document the clinic prints (quotes, receipts, statements, consent forms).

WeasyPrint's process memory grows with every document it renders (measured in benchmarks/quote_pdf.py,
also without any of our code), so rendering happens in a child process that is replaced after
PDF_RENDERS_PER_PROCESS documents: the web and worker processes stay flat.
"""

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings

from .worker import write_pdf

_pool: ProcessPoolExecutor | None = None
_renders = 0  # by the current child
# One render at a time, and the child replaced by us rather than by `max_tasks_per_child`: on Python 3.11
# that option deadlocks a pool whose child exits at its limit while renders are queued (CPython gh-115634;
# eight quotes issued at once then all timed out).
_render_lock = threading.Lock()


def clinic_letterhead() -> dict:
    """The clinic's details every printed document carries."""
    return {
        "name": settings.CLINIC_NAME,
        "address": settings.CLINIC_ADDRESS,
        "phone": settings.CLINIC_PHONE,
        "email": settings.CLINIC_EMAIL,
        "vat_number": settings.VAT_NUMBER,
    }


def _renderer() -> ProcessPoolExecutor:
    """The child process, new after PDF_RENDERS_PER_PROCESS documents (call with `_render_lock` held)."""
    global _pool, _renders
    if _pool is not None and _renders >= settings.PDF_RENDERS_PER_PROCESS:
        _pool.shutdown(wait=True)
        _pool = None
    if _pool is None:
        # spawn: no inherited sockets or database connections
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        _renders = 0
    return _pool


def render_html_to_pdf(html: str) -> bytes:
    global _renders
    with _render_lock:
        pdf = _renderer().submit(write_pdf, html, str(settings.BASE_DIR)).result(timeout=120)
        _renders += 1
        return pdf
