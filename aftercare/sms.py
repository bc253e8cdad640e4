"""The SMS channel: a small backend interface, chosen by `SMS_BACKEND`, so a provider plugs in by settings.

A provider's backend subclasses `SMSBackend` and implements `send()`; it may also implement
`stage()` (see clinic/mail.py) if its API can hold a message until the outbox has committed.
"""

import json
import os
import sys
import uuid
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from clinic.mail import Staged


@dataclass(frozen=True)
class SMS:
    to: str  # E.164
    body: str
    sender: str
    reference: str  # the outbox key, for providers that de-duplicate by it


class SMSBackend:
    def send(self, message: SMS) -> None:
        raise NotImplementedError


class ConsoleBackend(SMSBackend):
    """Development: print the text."""

    def send(self, message: SMS) -> None:
        sys.stdout.write(f"SMS to {message.to} from {message.sender}:\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()


class FileBackend(SMSBackend):
    """One JSON file per text in `SMS_FILE_PATH`, renamed into place on release (like the e-mail one)."""

    def __init__(self, path=None):
        self.path = str(path or settings.SMS_FILE_PATH)
        os.makedirs(self.path, exist_ok=True)

    def send(self, message: SMS) -> None:
        self.stage(message).release()

    def stage(self, message: SMS) -> Staged:
        name = f"{uuid.uuid4().hex}.json"
        staged = os.path.join(self.path, f".{name}.part")
        with open(staged, "w") as out:
            json.dump(asdict(message), out)
        return Staged(
            release=lambda: os.replace(staged, os.path.join(self.path, name)), abort=lambda: os.remove(staged)
        )


def get_sms_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()
