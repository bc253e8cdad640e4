"""Files written once the transaction that names them has committed (a rolled-back write leaves none)."""

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction

log = logging.getLogger(__name__)


def _store(storage, name: str, content: bytes) -> None:
    """The file the row names (a leftover at that name, from a crash, is replaced)."""
    try:
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(content))
        if stored != name:
            log.error("file stored as %s, not %s", stored, name)
    except OSError:
        log.exception("file %s could not be stored", name)


def store_on_commit(field_file, content: bytes) -> None:
    """Write `content` at the name the (already named) FieldFile holds, after the current commit."""
    transaction.on_commit(partial(_store, field_file.storage, field_file.name, content))
