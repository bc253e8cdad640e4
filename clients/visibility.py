"""Which clients an artist may see: those the apps above link to them (bookings: appointments and plans).

Those apps register a function here from their `AppConfig.ready()` (clients can't import them);
it returns a queryset of `client_id` values for an artist, combined with UNION.
"""

from collections.abc import Callable

from django.db.models import QuerySet

_LINKS: list[Callable[..., QuerySet]] = []


def register_artist_links(links: Callable[..., QuerySet]) -> None:
    if links not in _LINKS:
        _LINKS.append(links)


def artist_client_ids(artist) -> QuerySet | None:
    """`client_id` values of the clients linked to `artist`; None when no app links any."""
    if not _LINKS:
        return None
    first, *rest = (links(artist) for links in _LINKS)
    return first.union(*rest) if rest else first
