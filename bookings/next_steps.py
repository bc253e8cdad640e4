"""What a client can do next about a booked consultation, said by the apps above bookings.

The confirmation page, the manage page and the confirmation e-mail list these under "Before your
consultation"; bookings knows nothing of intakes or deposits. Apps above register a provider in their
`AppConfig.ready()`: a function (appointment) -> [NextStep, …] ([] when it has nothing to say). Links
are absolute (they go into e-mails too).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    text: str  # one sentence for the client, e.g. "Answer a few health questions and send us photos."
    url: str  # absolute
    label: str  # the link's words, e.g. "Fill in your intake form"
    key: str = ""  # stable, for tests and CSS, e.g. "intake"


Provider = Callable[..., list[NextStep]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering the same one twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def next_steps_for(appointment) -> list[NextStep]:
    """The steps every provider lists for `appointment`, in the providers' order."""
    if appointment is None:
        return []
    return [step for provider in _providers for step in provider(appointment)]
