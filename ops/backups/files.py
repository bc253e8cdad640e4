"""The stored files half of an archive: every file of the default storage, found by walking it."""

import hashlib
import posixpath
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import Storage, default_storage

CHUNK = 1024 * 1024


def walk(storage: Storage = default_storage, top: str = "") -> Iterator[str]:
    """Every file's name, sorted, whatever app stored it (quote PDFs, photos, receipts …)."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:  # a storage nothing was ever written to
        return
    for name in sorted(files):
        yield posixpath.join(top, name) if top else name
    for directory in sorted(directories):
        yield from walk(storage, posixpath.join(top, directory) if top else directory)


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def stored_checksums(storage: Storage = default_storage) -> dict[str, str]:
    checksums = {}
    for name in walk(storage):
        with storage.open(name, "rb") as stored:
            checksums[name] = sha256_of(stored)
    return checksums


def store(name: str, fileobj, storage: Storage = default_storage) -> None:
    """Put a file back under exactly its old name (the rows that refer to it say that name)."""
    saved = storage.save(name, File(fileobj, name=posixpath.basename(name)))
    if saved != name:
        raise OSError(f"the storage saved {name} as {saved}")


def clear(storage: Storage = default_storage) -> int:
    names = list(walk(storage))
    for name in names:
        storage.delete(name)
    return len(names)
