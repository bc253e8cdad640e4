"""Whether clients can pay online: `PAYMENTS_PROVIDER` is "none" (pay at the clinic) or "stripe"."""

from django.conf import settings


def enabled() -> bool:
    """Online payment is offered (a "Pay online" button) only with a provider and its keys configured."""
    return settings.PAYMENTS_PROVIDER == "stripe" and bool(settings.STRIPE_SECRET_KEY)
