"""The registry of message kinds. Each app registers its own from its `AppConfig.ready()`.

The outbox knows nothing about bookings, quotes or aftercare: a kind tells it which model a row is
about (`Reminder.subject_id`), how to build its e-mail (and text), when to skip it, and whether it is
transactional (sent even to clients who withdrew contact consent: it is about something they have).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.mail import EmailMessage
from django.db import models


@dataclass(frozen=True)
class MessageKind:
    value: str  # stored in Reminder.kind
    label: str
    subject_model: type[models.Model]
    build_email: Callable[..., EmailMessage]  # (reminder) -> the e-mail; reminder.subject is loaded
    build_sms: Callable[..., str] | None = None  # (reminder) -> the text, for kinds sent by SMS
    skip_reason: Callable[..., str] | None = None  # (reminder, now) -> why not to send it now ("" = send)
    transactional: bool = True
    related: tuple[str, ...] = ()  # select_related when loading subjects for delivery
    # (rows of this kind, for a staff page) -> {row id: what it is about, "Session 2 of 3 on Tue 8 Dec 10:00"}.
    # Kinds sharing one callable are described in one call, so a page needs one query per callable.
    describe: Callable[..., dict[int, str]] | None = None


_KINDS: dict[str, MessageKind] = {}


def register(*kinds: MessageKind) -> None:
    for kind in kinds:
        known = _KINDS.get(kind.value)
        if known is not None and known != kind:
            raise ValueError(f"message kind {kind.value!r} is already registered")
        _KINDS[kind.value] = kind


def get(value: str) -> MessageKind:
    try:
        return _KINDS[value]
    except KeyError:
        raise LookupError(f"no message kind {value!r} is registered") from None


def about(model: type[models.Model]) -> list[str]:
    """The kinds whose rows are about instances of `model`."""
    return [k.value for k in _KINDS.values() if issubclass(model, k.subject_model)]


def choices() -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in sorted(_KINDS.values(), key=lambda k: k.label)]


def describe(reminders) -> dict[int, str]:
    """What each row is about, in words, asking each kind's `describe` once for all its rows."""
    batches: dict[Callable, list] = {}
    for reminder in reminders:
        if (describer := get(reminder.kind).describe) is not None:
            batches.setdefault(describer, []).append(reminder)
    about: dict[int, str] = {}
    for describer, rows in batches.items():
        about |= describer(rows)
    return about


def skip_reason(reminder, now: datetime) -> str:
    kind = get(reminder.kind)
    return kind.skip_reason(reminder, now) if kind.skip_reason else ""
