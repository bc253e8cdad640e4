"""Reads about signed consents, in a fixed number of queries (the staff home and the flags share them)."""

from collections.abc import Iterable

from ..models import ClientConsent, ConsentText


def current_consent_text() -> ConsentText | None:
    return ConsentText.objects.filter(is_current=True).first()


def clients_with_current_consent(client_ids: Iterable[int]) -> set[int]:
    """Which of these clients have signed the current consent version (one query)."""
    ids = set(client_ids)
    if not ids:
        return set()
    return set(
        ClientConsent.objects.filter(
            client_id__in=ids, consent_text__in=ConsentText.objects.filter(is_current=True)
        ).values_list("client_id", flat=True)
    )


def signed_consents(*, client) -> list[ClientConsent]:
    """The client's signed consents, newest first, with their versions."""
    return list(client.consents.select_related("consent_text", "recorded_by"))
