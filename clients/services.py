from dataclasses import dataclass

from django.db import transaction

from .models import Client, Concern


@dataclass(frozen=True, kw_only=True)
class ClientDetails:
    """What a visitor types when booking; already validated by the form or API schema."""

    full_name: str
    email: str
    phone: str  # E.164
    concern: str = Concern.OTHER
    contact_consent: bool = False


@transaction.atomic
def upsert_client(*, details: ClientDetails) -> Client:
    """Find the client by e-mail (case-insensitive) or create them; never a duplicate.

    A returning client's phone and concern are refreshed; consent is only ever added
    here (withdrawing it is a deliberate act elsewhere), and staff-kept names are not
    overwritten by what was typed in a hurry.
    """
    email = details.email.strip()
    client, created = Client.objects.select_for_update().get_or_create(
        email__iexact=email,
        defaults={
            "email": email,
            "full_name": details.full_name.strip(),
            "phone": details.phone,
            "concern": details.concern,
            "contact_consent": details.contact_consent,
        },
    )
    if created:
        return client
    client.phone = details.phone
    client.concern = details.concern
    client.contact_consent = client.contact_consent or details.contact_consent
    client.full_clean()
    client.save(update_fields=["phone", "concern", "contact_consent", "updated_at"])
    return client
