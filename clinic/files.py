"""Stored files at exactly the name their row holds: replaced, not added beside, and written after commit."""

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction

log = logging.getLogger(__name__)


def replace_file(storage, name: str, content: bytes) -> str:
    """Store at `name`; a leftover there (a crash, a rerun) is replaced rather than kept beside a suffixed copy."""
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    if stored != name:
        log.error("file stored as %s, not %s", stored, name)
    return stored


def _store(storage, name: str, content: bytes) -> None:
    try:
        replace_file(storage, name, content)
    except OSError:
        log.exception("file %s could not be stored", name)


def store_on_commit(field_file, content: bytes) -> None:
    """Write `content` at the name the (already named) FieldFile holds, after the current commit."""
    transaction.on_commit(partial(_store, field_file.storage, field_file.name, content))
