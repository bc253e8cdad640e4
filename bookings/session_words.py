"""What apps above say in a treatment session's e-mails: the cancellation policy, a deposit hold.

Bookings knows nothing of deposits, yet the client's "session booked" e-mail must say what a late
cancellation costs and, when the deposit is still due, until when the session is held. An app above
registers a provider in its `AppConfig.ready()`; `build_booking_email` asks `words_for` when it builds
the e-mail (at delivery, so it says what is true then).

A provider takes (appointment, change: "booked" | "moved" | "cancelled") and returns paragraphs.
"""

from collections.abc import Callable

Provider = Callable[..., list[str]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering the same one twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def words_for(appointment, *, change: str) -> list[str]:
    """The paragraphs every provider has for this session's e-mail, in the providers' order."""
    return [paragraph for provider in _providers for paragraph in provider(appointment, change)]
