"""What can go wrong when money is recorded; each carries a message for the person at the desk or online."""

from clinic.errors import DomainError


class PaymentError(DomainError):
    field = "amount"


class QuoteNotPayable(PaymentError):
    field = None


class AmountNotValid(PaymentError):
    pass


class AmountOverBalance(PaymentError):
    pass


class RefundTooLarge(PaymentError):
    pass


class ReferenceClash(PaymentError):
    field = "reference"
