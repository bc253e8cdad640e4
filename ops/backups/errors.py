"""What can go wrong, in words an operator can act on."""


class BackupError(Exception):
    """A backup could not be made (nothing was stored)."""


class BackupAlreadyRunning(BackupError):
    pass


class RestoreRefused(Exception):
    """The restore did not start: the target is not empty, the archive is damaged or cannot be decrypted."""


class ArchiveDamaged(RestoreRefused):
    def __init__(self, detail: str):
        super().__init__(f"archive incomplete or damaged ({detail}); nothing was restored")


class RestoreCheckFailed(Exception):
    """The data was restored but does not match the archive's manifest, or the migrations are not current."""
