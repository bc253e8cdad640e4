"""What higher apps add to the client's quote page (below the quote), e.g. "Pay the deposit" online.

Quotes knows nothing of payments. Apps above register a *section* provider in their `AppConfig.ready()`:
it takes (request, quote, token) and returns the HTML of its section (rendered from its own template) or
"" when it has nothing to show. The page asks `sections_for` once.
"""

from collections.abc import Callable

Section = Callable[..., str]
_providers: list[Section] = []


def register(provider: Section) -> Section:
    """Add a provider (usable as a decorator); registering the same one twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(request, quote, token: str) -> list[str]:
    return [html for provider in _providers if (html := provider(request=request, quote=quote, token=token))]
