"""What can go wrong paying or refunding online, as messages for people (DomainError: `.message`)."""

from clinic.errors import DomainError


class OnlinePaymentsOff(DomainError):
    """PAYMENTS_PROVIDER is not "stripe" (or its key is missing)."""


class NothingToPay(DomainError):
    """The deposit is already paid, the balance is nil, or the quote is not accepted."""


class StripeUnavailable(DomainError):
    """Stripe's API refused or did not answer: nothing was recorded, and trying again is safe."""


class NotAnOnlinePayment(DomainError):
    """A refund through Stripe was asked for an entry that is not a card payment made online."""
