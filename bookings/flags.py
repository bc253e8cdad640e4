"""What higher apps have to say about an appointment, shown wherever staff see it (lists, calendar, detail).

Bookings knows nothing of intakes, deposits or consent forms, yet reception needs "intake not done" or
"deposit due" beside a consultation or a session 1. Apps above register a *provider* in their
`AppConfig.ready()`; a page asks `flags_for(appointments)` once for everything it shows.

A provider takes the list of appointments and returns {appointment id: [Flag, …]} for those it has
something to say about. It must answer in a constant number of queries, whatever the list's length.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from clinic.access import is_staff

from .grid_cache import watch

Tone = Literal["todo", "done", "warning", "info"]


@dataclass(frozen=True)
class Flag:
    text: str  # short, e.g. "Intake not started", "Deposit due", "Deposit paid"
    tone: Tone = "info"  # todo: something to do before or at it; warning: needs attention; done: settled
    url: str = ""  # where staff act on it, if anywhere
    key: str = ""  # stable, for tests and CSS, e.g. "intake", "deposit"
    staff_only: bool = False  # money and the like: reception and managers see it, artists don't


Provider = Callable[[list], dict[int, list[Flag]]]
_providers: list[Provider] = []
_staff_only: set[Provider] = set()  # providers whose every flag is staff-only: not asked for an artist's page
_registered = [0]  # registrations so far: part of a cached calendar body's key (bookings/grid_cache.py)


def register(provider: Provider, *, staff_only: bool = False, sources: Iterable = ()) -> Provider:
    """Add a provider (usable as a decorator); registering the same one twice keeps one.

    `staff_only`: everything it says is `staff_only` (money), so a page for an artist skips its queries.
    `sources`: the models its flags are read from; their saves and deletes retire cached calendar bodies
    (a provider's service that writes them with `.update()` calls `grid_cache.grid_changed()` itself)."""
    if provider not in _providers:
        _providers.append(provider)
    if staff_only:
        _staff_only.add(provider)
    watch(*sources)
    _registered[0] += 1
    return provider


def generation() -> int:
    """Changes whenever a provider is registered: a body cached before then lacks its flags."""
    return _registered[0]


def flags_for(appointments: Iterable, *, viewer=None) -> dict[int, list[Flag]]:
    """{appointment id: its flags, in the providers' order}, empty lists for those nobody flags.

    With a `viewer` who is not staff (an artist), flags marked `staff_only` are left out."""
    appointments = [a for a in appointments if a is not None]
    flags: dict[int, list[Flag]] = {a.pk: [] for a in appointments}
    if not appointments:
        return flags
    hide_staff_only = viewer is not None and not is_staff(viewer)
    for provider in _providers:
        if hide_staff_only and provider in _staff_only:
            continue
        for appointment_id, found in provider(appointments).items():
            shown = [f for f in found if not (hide_staff_only and f.staff_only)]
            flags.setdefault(appointment_id, []).extend(shown)
    return flags
