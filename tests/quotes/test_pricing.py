"""Quote arithmetic: Decimal pennies, the clinic's band, VAT on/off, deposit rounding."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.money import pennies
from quotes.pricing import Band, Deposit, Line, Vat, price
from quotes.templatetags.money import gbp

BAND = Band(Decimal("900.00"), Decimal("3000.00"))
NO_VAT = Vat(registered=False, rate=Decimal("0.20"))
VAT = Vat(registered=True, rate=Decimal("0.20"))
TWENTY = Deposit(percent=Decimal("20"))


def lines(*amounts):
    return [Line(f"line {n}", Decimal(a)) for n, a in enumerate(amounts)]


def test_a_price_inside_the_band_is_kept():
    result = price(lines=lines("1200.00", "250.00"), band=BAND, vat=NO_VAT, deposit=TWENTY)
    assert (result.computed, result.subtotal, result.total, result.deposit) == (
        Decimal("1450.00"),
        Decimal("1450.00"),
        Decimal("1450.00"),
        Decimal("290.00"),
    )
    assert result.adjustment == 0 and result.vat == Decimal("0.00")


@pytest.mark.parametrize(("amount", "subtotal"), [("400.00", "900.00"), ("3400.00", "3000.00"), ("900.00", "900.00")])
def test_computed_prices_are_clamped_to_the_band(amount, subtotal):
    result = price(lines=lines(amount), band=BAND, vat=NO_VAT, deposit=TWENTY)
    assert result.subtotal == Decimal(subtotal)
    assert result.adjustment == Decimal(subtotal) - Decimal(amount)


def test_vat_is_added_when_registered():
    result = price(lines=lines("1500.00"), band=BAND, vat=VAT, deposit=TWENTY)
    assert (result.vat, result.total, result.deposit) == (Decimal("300.00"), Decimal("1800.00"), Decimal("360.00"))


def test_a_manual_price_may_leave_the_band_and_the_caller_decides_who_may():
    result = price(lines=lines("1500.00"), band=BAND, vat=NO_VAT, deposit=TWENTY, manual_subtotal=Decimal("750"))
    assert result.subtotal == Decimal("750.00")


def test_deposit_rounds_half_up_to_the_penny_and_a_fixed_deposit_never_exceeds_the_total():
    assert Deposit(percent=Decimal("20")).of(Decimal("1234.57")) == Decimal("246.91")  # 246.914
    assert Deposit(percent=Decimal("12.5")).of(Decimal("1000.20")) == Decimal("125.03")  # 125.025 → up
    assert Deposit(fixed=Decimal("5000")).of(Decimal("900.00")) == Decimal("900.00")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        pennies(12.5)


def test_gbp_formatting():
    assert gbp(Decimal("1250")) == "£1,250.00"
    assert gbp(Decimal("-0.5")) == "-£0.50"
    assert gbp(Decimal("3000.005")) == "£3,000.01"


money = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=2, allow_nan=False, allow_infinity=False)


@given(amounts=st.lists(money, min_size=1, max_size=6), registered=st.booleans(), percent=st.integers(0, 100))
def test_properties_of_any_quote(amounts, registered, percent):
    result = price(
        lines=lines(*amounts),
        band=BAND,
        vat=Vat(registered, Decimal("0.20")),
        deposit=Deposit(percent=Decimal(percent)),
    )
    assert BAND.contains(result.subtotal)
    assert result.total == result.subtotal + result.vat
    assert 0 <= result.deposit <= result.total
    for value in (result.subtotal, result.vat, result.total, result.deposit):
        assert isinstance(value, Decimal) and value == value.quantize(Decimal("0.01"))
