"""The archive: one tar of database.dump, files/<name> … and manifest.json (last, so a cut-off archive has none)."""

import hashlib
import json
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import ArchiveDamaged

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files/"
FORMAT = 1


class _Hashing:
    """A reader that hashes what tarfile copies through it, so each member is read once."""

    def __init__(self, fileobj):
        self.fileobj, self.digest = fileobj, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.fileobj.read(size)
        self.digest.update(chunk)
        return chunk


class ArchiveWriter:
    def __init__(self, path: Path):
        self.tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)  # noqa: SIM115 (closed in finish())
        self.members: dict[str, dict] = {}

    def add(self, member: str, fileobj, size: int) -> dict:
        info = tarfile.TarInfo(member)
        info.size, info.mode, info.mtime = size, 0o600, time.time()
        reader = _Hashing(fileobj)
        self.tar.addfile(info, reader)
        self.members[member] = {"sha256": reader.digest.hexdigest(), "size": size}
        return self.members[member]

    def finish(self, manifest: dict) -> None:
        body = json.dumps({**manifest, "format": FORMAT, "members": self.members}, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(body), 0o600, time.time()
        self.tar.addfile(info, _Hashing(_Bytes(body)))
        self.tar.close()


class _Bytes:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.at + size
        chunk, self.at = self.data[self.at : end], min(end, len(self.data))
        return chunk


@dataclass(frozen=True)
class Verified:
    manifest: dict
    tar: tarfile.TarFile

    def open(self, member: str):
        return self.tar.extractfile(member)


def verify(path: Path) -> Verified:
    """Read every member once: each one the manifest lists, with its size and sha256, and nothing else."""
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 (the caller closes it)
        seen, manifest = {}, None
        for info in tar:
            if not info.isfile() or (info.name not in (MANIFEST, DUMP) and not info.name.startswith(FILES)):
                raise ArchiveDamaged(f"unexpected member {info.name!r}")
            with tar.extractfile(info) as member:
                if info.name == MANIFEST:
                    manifest = json.loads(member.read())
                    continue
                reader = _Hashing(member)
                while reader.read(1024 * 1024):
                    pass
                seen[info.name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise ArchiveDamaged(str(error) or type(error).__name__) from error
    if manifest is None:
        raise ArchiveDamaged("no manifest.json")
    if manifest.get("format") != FORMAT or DUMP not in seen:
        raise ArchiveDamaged("not an archive of this format")
    listed = manifest.get("members", {})
    if seen != listed:
        wrong = sorted(name for name in seen.keys() | listed.keys() if seen.get(name) != listed.get(name))
        raise ArchiveDamaged(f"{len(wrong)} member(s) missing or not as the manifest says, e.g. {wrong[0]}")
    return Verified(manifest=manifest, tar=tar)
