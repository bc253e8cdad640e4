"""A quote's cancellation terms and what follows its acceptance, in the words of the app that owns the rules.

Quotes knows nothing of deposits or the cancellation policy (payments, above it, does), yet the quote's
terms (PDF and client page) must quote that policy and the accepted quote must say how to pay the deposit.
Payments registers both in its `AppConfig.ready()`; until something registers, the terms are the booking
change rule alone (from bookings, below quotes), never a sentence that could contradict the admin.
"""

from collections.abc import Callable
from dataclasses import dataclass

from bookings.notice import change_notice_sentence


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str = ""  # a button, e.g. "Pay the deposit online"
    label: str = ""


_terms: list[Callable[[], str]] = []
_next_steps: list[Callable[..., list[NextStep]]] = []


def register_terms(provider: Callable[[], str]) -> Callable[[], str]:
    """The one provider of the terms paragraph (a second registration replaces the first)."""
    _terms[:] = [provider]
    return provider


def register_next_steps(provider: Callable[..., list[NextStep]]) -> Callable[..., list[NextStep]]:
    if provider not in _next_steps:
        _next_steps.append(provider)
    return provider


def terms_text() -> str:
    """What a late change, a no-show and a postponement mean for the client, as the admin set it today."""
    return _terms[0]() if _terms else change_notice_sentence()


def next_steps(quote) -> list[NextStep]:
    """After acceptance: what the client does next (pay the deposit: online or at the clinic)."""
    return [step for provider in _next_steps for step in provider(quote)]
