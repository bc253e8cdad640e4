"""The clinic's quote settings as Decimal money objects (settings hold them as strings)."""

from decimal import Decimal

from django.conf import settings

from .pricing import Band, Deposit, Vat


def band() -> Band:
    return Band(minimum=Decimal(settings.QUOTE_MIN_TOTAL), maximum=Decimal(settings.QUOTE_MAX_TOTAL))


def vat() -> Vat:
    return Vat(registered=settings.VAT_REGISTERED, rate=Decimal(settings.VAT_RATE))


def deposit() -> Deposit:
    if settings.DEPOSIT_FIXED:
        return Deposit(fixed=Decimal(settings.DEPOSIT_FIXED))
    return Deposit(percent=Decimal(settings.DEPOSIT_PERCENT))
