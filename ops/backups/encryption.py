"""Optional age encryption of the whole archive (pyrage: the age format and its x25519 keys, no crypto of ours)."""

from pathlib import Path

import pyrage
from django.conf import settings

from .errors import BackupError, RestoreRefused

AGE_HEADER = b"age-encryption.org/v1\n"


def recipients() -> list:
    keys = []
    for text in settings.BACKUP_AGE_RECIPIENTS:
        try:
            keys.append(pyrage.x25519.Recipient.from_str(text.strip()))
        except pyrage.RecipientError as error:
            raise BackupError(f"BACKUP_AGE_RECIPIENTS: {text[:12]}… is not an age x25519 public key") from error
    return keys


def encrypt(*, plain: Path, to: Path, keys: list) -> None:
    pyrage.encrypt_file(str(plain), str(to), keys)


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as archive:
        return archive.read(len(AGE_HEADER)) == AGE_HEADER


def _identities() -> list:
    if not settings.BACKUP_AGE_IDENTITY:
        raise RestoreRefused("the archive is encrypted: set BACKUP_AGE_IDENTITY to the file of its age secret key")
    try:
        lines = Path(settings.BACKUP_AGE_IDENTITY).read_text().splitlines()
        keys = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        return [pyrage.x25519.Identity.from_str(key) for key in keys]
    except (OSError, pyrage.IdentityError) as error:
        raise RestoreRefused(f"BACKUP_AGE_IDENTITY: cannot read an age secret key from it ({error})") from error


def decrypt(*, encrypted: Path, to: Path) -> None:
    identities = _identities()
    try:
        pyrage.decrypt_file(str(encrypted), str(to), identities)
    except (pyrage.DecryptError, OSError) as error:
        raise RestoreRefused(
            f"cannot decrypt the archive with BACKUP_AGE_IDENTITY ({error}): wrong key, or the archive is damaged;"
            " nothing was restored"
        ) from error
