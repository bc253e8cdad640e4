"""Where archives are stored: the "backups" entry of STORAGES."""

import os
import tempfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, storages


def backup_storage() -> Storage:
    return storages["backups"]


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that writes beside the final name and renames when the file is whole.

    Django's own writes in place, so a process killed mid-copy would leave a truncated archive under the
    final name; a rename within one directory is atomic, so a reader sees the whole file or none.
    Archives hold health records: readable by the owner only unless the storage's OPTIONS say otherwise.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(*args, **kwargs)

    def _save(self, name: str, content) -> str:
        full_path = Path(self.path(name))
        full_path.parent.mkdir(mode=self.directory_permissions_mode or 0o777, parents=True, exist_ok=True)
        if full_path.exists():
            raise FileExistsError(f"{name} already exists in the backups storage")
        descriptor, partial = tempfile.mkstemp(dir=full_path.parent, prefix=f".{full_path.name}.", suffix=".partial")
        try:
            with os.fdopen(descriptor, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            os.replace(partial, full_path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return str(name).replace("\\", "/")
