"""The SMS channel: a small backend interface, chosen by `SMS_BACKEND`, so a provider plugs in by settings.

A provider's backend subclasses `SMSBackend` and implements `send()`; set `idempotent = True` if the
provider de-duplicates by `SMS.reference` (the outbox key), or implement `stage()` (see clinic/mail.py)
if its API can hold a message until the outbox has committed.
"""

import json
import os
import sys
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from clinic.mail import idempotent_name, write_atomically


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
    """One JSON file per text in `SMS_FILE_PATH`, named after its reference: sending again replaces it."""

    idempotent = True

    def __init__(self, path=None):
        self.path = str(path or settings.SMS_FILE_PATH)
        os.makedirs(self.path, exist_ok=True)

    def send(self, message: SMS) -> None:
        data = json.dumps(asdict(message)).encode()
        write_atomically(self.path, idempotent_name(message.reference, ".json"), data)


def get_sms_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()
