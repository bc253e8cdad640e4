"""What higher apps have to say on a quote's staff page (payments: its balance and where to take a payment).

Quotes knows nothing of payments. An app above registers a *provider* in its `AppConfig.ready()`: it takes
the quote and the user looking, and returns the notes to show (a few queries at most: one quote a page).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteNote:
    text: str  # e.g. "Balance £880.00 due", "Paid in full"
    url: str = ""  # where staff act on it, if anywhere
    key: str = ""  # stable, for tests and CSS, e.g. "balance"


Provider = Callable[..., list[QuoteNote]]  # (quote, user) -> notes
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def notes_for(quote, user) -> list[QuoteNote]:
    return [note for provider in _providers for note in provider(quote, user)]
